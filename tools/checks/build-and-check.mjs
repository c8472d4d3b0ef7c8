// `npm run checks` (what `npm test` runs before jest): the build and the static checks, side by side
// where nothing orders them. Each of these is one busy Node thread; one after another they left a
// core of this 2-core machine idle for about a minute and a half of every test run.
//
// Stages, each waiting for the one before:
//   1. the server's build and the console's build (they write different folders of dist/);
//   2. the console's typed client regenerated from the built server's OpenAPI document, alone,
//      because the type-checks, ESLint and dependency-cruiser all read the file it writes;
//   3. the type-checks, ESLint, Prettier and the layering check.
// A step's output is held and printed whole when it ends, so outputs never interleave. A failed stage
// stops the run (its later stages would only repeat the failure); the last line names what failed.
import { spawn } from 'node:child_process';

const STAGES = [
  ['build', 'console:build'],
  ['console:contract'],
  ['typecheck:code', 'typecheck:console', 'lint:code', 'lint:format', 'lint:architecture'],
];

function runScript(name) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '-s', name], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    child.on('error', (error) => chunks.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const ok = code === 0;
      const output = Buffer.concat(chunks).toString().trimEnd();
      process.stdout.write(`── npm run ${name}: ${ok ? 'passed' : `FAILED (${signal ?? `exit ${code}`})`} in ${seconds} s\n`);
      if (output) process.stdout.write(`${output}\n`);
      resolve({ name, ok });
    });
  });
}

const started = Date.now();
for (const stage of STAGES) {
  const results = await Promise.all(stage.map(runScript));
  const failed = results.filter((result) => !result.ok).map((result) => `npm run ${result.name}`);
  if (failed.length > 0) {
    process.stdout.write(`checks failed: ${failed.join(', ')}\n`);
    process.exit(1);
  }
}
process.stdout.write(`checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
