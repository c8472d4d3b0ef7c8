import { commandLineOrExit } from '@app/platform/command-line';
import { readStartArguments, START_USAGE } from '@app/platform/start-arguments';
import { loadServerConfigOrExit } from '../../../apps/server/src/server-config';

// `npm start` (and `npm run start:separate`): the server as apps/server/src/main.ts runs it, plus the
// first-start demo year. Here, in tools/, so that the production entry cannot reach the demo.
//
// As there, the configuration is checked before the application is loaded, the files it names
// (unit seed, keys) with it: a bad variable or a damaged file is refused at once, not after the
// second NestJS, pg and the API take to load. The arguments are read next, so that `--help` and a
// mistake answer at once too (a bad variable is still said first); start() reads them again, in a
// millisecond.
loadServerConfigOrExit();
commandLineOrExit(process.argv.slice(2), START_USAGE, readStartArguments);
void import('reflect-metadata')
  .then(() => Promise.all([import('../../../apps/server/src'), import('./first-start-demo')]))
  .then(([{ run }, { loadDemoOnFirstStart }]) => run({ firstStart: loadDemoOnFirstStart }));
