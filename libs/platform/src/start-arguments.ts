import { parseArgs } from 'node:util';

// `npm start`'s command line, here beside loadStartConfig (process-lifecycle.ts) for the same
// reason: the entries (tools/demo/src/start-with-demo.ts; apps/server/src/start.ts reads it again)
// read it before they load the application (a second of NestJS, pg and the API), so that `--help`
// and a mistake answer at once; and tools/ reaches apps/server only through its index, which loads it
// all, and server-config.ts, which checks the configuration and its files.

export const START_USAGE =
  'usage: npm start [-- --separate-processes]   (API and projector in one process, or as two child processes; settings: README "Configuration")';

/** `npm start`'s arguments (main.ts's too): `--separate-processes`, nothing else. */
export function readStartArguments(args: string[]): { separateProcesses: boolean } {
  const { values } = parseArgs({ args, options: { 'separate-processes': { type: 'boolean' } }, strict: true, allowPositionals: false });
  return { separateProcesses: values['separate-processes'] ?? false };
}
