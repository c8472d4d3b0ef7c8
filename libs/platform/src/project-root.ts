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

/**
 * Where a folder of files the build does not compile (SQL migrations) really is. A package names it
 * next to its code, `path.join(__dirname, 'migrations')`: run from the source tree that is the
 * folder itself; run from the build output (`dist/…`) it is the same path in the source tree, where
 * the files stay (the Dockerfile copies them to the same relative paths).
 */
export function uncompiledFolder(folder: string, outDir = buildOutputDir()): string {
  const relative = path.relative(projectRoot(), folder);
  if (outDir === '' || !(relative === outDir || relative.startsWith(outDir + path.sep))) return folder;
  return path.join(projectRoot(), path.relative(outDir, relative));
}

/** '' when running from the source tree, else the build's output folder relative to the project ('dist'). */
function buildOutputDir(): string {
  // This file's own place in the source tree: compiled, it sits at the same path under the output folder.
  const own = path.join('libs', 'platform', 'src');
  const here = path.relative(projectRoot(), __dirname);
  return here === own ? '' : here.slice(0, -own.length - 1);
}
