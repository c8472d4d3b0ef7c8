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
 * Serves the web console at `/` when it has been built (dist/console/index.html): its files as they
 * are, and index.html for any other GET a browser makes for a page (SPA fallback: the console routes
 * in the browser), except under /api, /health and the management paths, which stay the server's.
 * Without a build the API works as before and `/` is a 404 problem. Hashed assets may be cached; the
 * page itself is never (a new build must reach the browser at once).
 */
export function serveConsole(app: NestExpressApplication, dir = path.join(projectRoot(), CONSOLE_DIST)): boolean {
  const page = path.join(dir, 'index.html');
  if (!fs.existsSync(page)) return false;
  const assets = path.join(dir, 'assets') + path.sep;
  app.useStaticAssets(dir, {
    index: false,
    setHeaders: (response, file) => {
      if (file.startsWith(assets)) response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    const pageRequest = (request.method === 'GET' || request.method === 'HEAD') && !SERVER_PATH.test(request.path) && asksForPage(request);
    if (!pageRequest) return next();
    response.sendFile(page);
  });
  return true;
}
