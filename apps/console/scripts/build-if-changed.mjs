// `npm run console:build` (run by `npm start` and `npm test`): builds the web console into
// dist/console with Vite, unless the sources are those of the last build. The stamp is a hash of
// every file under apps/console and of package-lock.json (the libraries bundled), kept beside the
// build: a few milliseconds against a build of many seconds. `--force` builds regardless.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const sources = path.join(root, 'apps/console');
const out = path.join(root, 'dist/console');
const stampFile = path.join(out, '.source-hash');

function sourceHash() {
  const hash = createHash('sha256');
  const files = fs
    .readdirSync(sources, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .concat(path.join(root, 'package-lock.json'))
    .sort();
  for (const file of files) hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  return hash.digest('hex');
}

// Only `--force` (and `--help`): a mistyped flag (`--forse`) would otherwise be a build that
// silently did not do what was asked.
const USAGE =
  'usage: npm run console:build [-- --force]\n  builds the web console into dist/console unless it is up to date with apps/console; --force builds regardless\n';
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const unknown = args.find((arg) => arg !== '--force');
if (unknown !== undefined) {
  process.stderr.write(`Unknown argument '${unknown}'\n${USAGE}`);
  process.exit(64);
}

const stamp = sourceHash();
const built = fs.existsSync(path.join(out, 'index.html')) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp;
if (built && !args.includes('--force')) {
  process.stdout.write('console: dist/console is up to date with apps/console\n');
} else {
  const vite = path.join(root, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', path.join(sources, 'vite.config.mts'), '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  fs.writeFileSync(stampFile, stamp);
  process.stdout.write('console: built into dist/console\n');
}
