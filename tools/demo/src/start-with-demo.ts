import { loadStartConfigOrExit } from '@app/platform/process-lifecycle';

// `npm start` (and `npm run start:separate`): the server as apps/server/src/main.ts runs it, plus the
// first-start demo year. Here, in tools/, so that the production entry cannot reach the demo.
//
// As there, the configuration is checked before the application is loaded: a bad variable is
// refused at once, not after the second NestJS, pg and the API take to load.
loadStartConfigOrExit();
void import('reflect-metadata')
  .then(() => Promise.all([import('../../../apps/server/src'), import('./first-start-demo')]))
  .then(([{ run }, { loadDemoOnFirstStart }]) => run({ firstStart: loadDemoOnFirstStart }));
