import { commandLineOrExit } from '@app/platform/command-line';
import { readStartArguments, START_USAGE } from '@app/platform/start-arguments';
import { loadServerConfigOrExit } from './server-config';

// The production entry (Dockerfile, docker compose, `npm run start:api`, `start:projector`): the
// role comes from APP_ROLE. No first-start demo: `npm start` runs tools/demo/src/start-with-demo.ts.
//
// The configuration is checked before the application is loaded (a second of NestJS, pg and the
// API), so a misconfigured start is refused at once; start() reads it again, in a millisecond. So are
// the arguments, after it: `--help` and a mistake answer at once too.
loadServerConfigOrExit();
commandLineOrExit(process.argv.slice(2), START_USAGE, readStartArguments);
void import('reflect-metadata').then(() => import('./start')).then(({ run }) => run());
