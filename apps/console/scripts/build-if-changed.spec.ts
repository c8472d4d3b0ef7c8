import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

// `npm run console:build` takes `--force` and nothing else: a mistyped flag must say so rather than
// report "up to date" and leave the operator believing a build was forced. Neither case below builds.
const SCRIPT = path.join(__dirname, 'build-if-changed.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });

describe('npm run console:build', () => {
  it('refuses an argument it does not know, with its usage, exit 64, building nothing', () => {
    const ran = run('--forse');
    expect({ status: ran.status, stdout: ran.stdout }).toEqual({ status: 64, stdout: '' });
    expect(ran.stderr).toMatch(/^Unknown argument '--forse'\nusage: npm run console:build/);
  });

  it('--help: its usage on stdout, exit 0', () => {
    const ran = run('--help');
    expect({ status: ran.status, stderr: ran.stderr }).toEqual({ status: 0, stderr: '' });
    expect(ran.stdout).toMatch(/^usage: npm run console:build \[-- --force\]/);
  });
});
