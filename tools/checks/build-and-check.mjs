// `npm run checks`: the build and the static checks. `npm test`: the same, with jest beside the
// static checks (`--jest`; what follows it goes to jest: `npm test -- test/browser`).
//
// Each static check is one busy Node thread, and jest leaves a core idle for part of its run (its
// tests wait on servers, disks and deadlines): one after another they cost the test run a minute and
// a half of wall time that two cores can overlap.
//
// Stages, each waiting for the one before:
//   1. the server's build and the console's build (they write different folders of dist/);
//   2. the console's typed client regenerated from the built server's OpenAPI document, alone,
//      because the type-checks, ESLint and dependency-cruiser all read the file it writes;
//   3. the type-checks, ESLint, Prettier and the layering check (and jest, with --jest).
// A check's output is held and printed whole once its stage ends (jest's goes straight through), so
// outputs never interleave; a line says when each check ends. A failed stage stops the run (later
// stages would only repeat its failure); the last line names what failed.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const jestAt = process.argv.indexOf('--jest');
const jestArgs = jestAt < 0 ? null : ['--ci', ...process.argv.slice(jestAt + 1)];

const STAGES = [
  ['build', 'console:build'],
  ['console:contract'],
  ['typecheck:code', 'typecheck:console', 'lint:code', 'lint:format', 'lint:architecture'],
];

/** Runs `npm run <name>`, its output held. */
function runScript(name) {
  return run(`npm run ${name}`, 'npm', ['run', '-s', name], 'pipe');
}

/** Runs jest with its output straight to the terminal. */
function runJest(args) {
  const jest = createRequire(import.meta.url).resolve('jest/bin/jest');
  return run('jest', process.execPath, [jest, ...args], 'inherit');
}

function run(label, command, args, stdio) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', stdio, stdio] });
    const chunks = [];
    child.stdout?.on('data', (chunk) => chunks.push(chunk));
    child.stderr?.on('data', (chunk) => chunks.push(chunk));
    child.on('error', (error) => chunks.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const ok = code === 0;
      const status = `${label}: ${ok ? 'passed' : `FAILED (${signal ?? `exit ${code}`})`} in ${seconds} s`;
      process.stdout.write(`── ${status}\n`);
      resolve({ label, ok, status, output: Buffer.concat(chunks).toString().trimEnd() });
    });
  });
}

const started = Date.now();
for (const [index, stage] of STAGES.entries()) {
  const last = index === STAGES.length - 1;
  const runs = stage.map(runScript);
  if (last && jestArgs) runs.push(runJest(jestArgs));
  const results = await Promise.all(runs);
  for (const result of results.filter((r) => r.output)) process.stdout.write(`── ${result.status}\n${result.output}\n`);
  const failed = results.filter((result) => !result.ok).map((result) => result.label);
  if (failed.length > 0) {
    process.stdout.write(`failed: ${failed.join(', ')}\n`);
    process.exit(1);
  }
}
process.stdout.write(
  `${jestArgs ? 'build, checks and jest' : 'build and checks'} passed in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
);
