import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '@app/platform';
import { previewOpenApiDocument } from '../server-app';

/**
 * `node dist/apps/server/src/cli/openapi.js <file>` (`npm run console:contract`): writes the API's
 * OpenAPI document to `file`, without a database, for the console's typed client (docs/console.md).
 * The configuration is the development one (no OIDC provider), so the development sign-in route is in it.
 */
async function main(file: string | undefined): Promise<number> {
  if (!file) {
    process.stderr.write('usage: node dist/apps/server/src/cli/openapi.js <output.json>\n');
    return 64;
  }
  const env: NodeJS.ProcessEnv = { ...process.env, UNITS_SEED_FILE: 'none' };
  for (const name of Object.keys(env)) if (name.startsWith('OIDC_')) delete env[name];
  // Nothing connects in preview mode: the URL only satisfies the configuration's type.
  const config = { ...loadConfig(env), databaseUrl: 'postgres://unused/unused' };
  const document = await previewOpenApiDocument(config);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(document, null, 2) + '\n');
  return 0;
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`openapi: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
