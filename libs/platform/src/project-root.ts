import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

/**
 * The folder holding the project's package.json. Files that are not compiled (SQL migrations,
 * seed data) are found from here, whether the code runs from `src` under jest or from `dist`.
 */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${__dirname}`);
    dir = parent;
  }
  cached = dir;
  return dir;
}
