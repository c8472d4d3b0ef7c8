import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { waitUntil } from '../support/wait';

const LOGGING = path.resolve(__dirname, '../../dist/libs/platform/src/logging.js');

/**
 * A process with libuv's thread pool taken: its one thread blocks reading stdin, which nobody writes
 * (as a thread does on a pipe or a sign-in's key derivation that does not come back). What it logs
 * after that must still come out; pino's default writes from that pool and printed nothing.
 */
function loggingWithThreadPoolTaken(): { output: () => string; stop: () => void } {
  if (!fs.existsSync(LOGGING)) throw new Error(`${LOGGING} is missing: run "npm run build" first (npm test does)`);
  const script = `
    const fs = require('node:fs');
    const { createLogger } = require(${JSON.stringify(LOGGING)});
    fs.read(0, Buffer.alloc(1), 0, 1, null, () => undefined);
    setTimeout(() => {
      createLogger('info').info('heard on stdout');
      createLogger('info', 'stderr').info('heard on stderr');
    }, 100);
    setInterval(() => undefined, 1000);
  `;
  const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, UV_THREADPOOL_SIZE: '1' } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { output: () => output, stop: () => child.kill('SIGKILL') };
}

describe('the log is written as entries are made', () => {
  it('comes out on stdout and stderr while the thread pool is taken', async () => {
    const logging = loggingWithThreadPoolTaken();
    try {
      await waitUntil(() => logging.output().includes('heard on stdout') && logging.output().includes('heard on stderr'), {
        timeoutMs: 20_000,
        failure: 'the log did not come out',
      }).catch((error: Error) => {
        throw new Error(`${error.message}; the process wrote: ${JSON.stringify(logging.output())}`);
      });
      const lines = logging
        .output()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { level: number; msg: string });
      expect(lines.map(({ level, msg }) => ({ level, msg }))).toEqual(
        expect.arrayContaining([
          { level: 30, msg: 'heard on stdout' },
          { level: 30, msg: 'heard on stderr' },
        ]),
      );
    } finally {
      logging.stop();
    }
  });
});
