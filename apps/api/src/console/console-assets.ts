import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { projectRoot } from '@app/platform';

/** Where `npm run console:build` writes the web console (apps/console, docs/console.md). */
export const CONSOLE_DIST = 'dist/console';

/** Paths the server answers itself: never the console's page, so an unknown API path stays a 404 problem. */
const SERVER_PATH = /^\/(api|health|metrics|docs|docs-json)(\/|$)/;

/**
 * A browser opening a page names text/html in Accept; an API client (curl's `*` `/` `*`, or no
 * Accept at all) does not, and keeps getting the 404 problem for a path nobody serves.
 */
function asksForPage(request: Request): boolean {
  return /(^|,)\s*text\/html\s*(;|,|$)/i.test(request.headers.accept ?? '');
}

/**
 * Serves the web console at `/` when it has been built (dist/console/index.html): the build's hashed
 * files under /assets as they are, and index.html for any other GET a browser makes for a page (SPA
 * fallback: the console routes in the browser), except under /api, /health and the management
 * paths, which stay the server's. Without a build the API works as before and `/` is a 404 problem.
 * Assets may be cached for good (their names change with their content); the page itself is never
 * (a new build must reach the browser at once).
 *
 * Only /assets is handed to the static file server: mounted at `/`, it looked every API request's
 * path up on the disk before passing it on (a stat per request: 6.5% of the API's CPU samples under the
 * case list's load: BENCHMARKS.md), and would have served a file whose path shadowed a route.
 */
export function serveConsole(app: NestExpressApplication, dir = path.join(projectRoot(), CONSOLE_DIST)): boolean {
  const page = path.join(dir, 'index.html');
  if (!fs.existsSync(page)) return false;
  app.useStaticAssets(path.join(dir, 'assets'), {
    prefix: '/assets',
    index: false,
    setHeaders: (response) => response.setHeader('Cache-Control', 'public, max-age=31536000, immutable'),
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    const pageRequest = (request.method === 'GET' || request.method === 'HEAD') && !SERVER_PATH.test(request.path) && asksForPage(request);
    if (!pageRequest) return next();
    response.sendFile(page);
  });
  return true;
}
