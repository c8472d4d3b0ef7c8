import * as path from 'node:path';

/**
 * A file named on a script's command line, made absolute: a relative name is taken from the folder
 * `npm run` was typed in (INIT_CWD, which npm sets; it runs the script itself in the project's
 * folder), else from the current one. `cd docs && npm run backup -- cases.ndjson` writes
 * docs/cases.ndjson, and the messages name the file by this path.
 */
export function fromInvokingFolder(file: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.INIT_CWD || process.cwd(), file);
}
