import 'reflect-metadata';
import { run } from '../../../apps/server/src';
import { loadDemoOnFirstStart } from './first-start-demo';

// `npm start` (and `npm run start:separate`): the server as apps/server/src/main.ts runs it, plus the
// first-start demo year. Here, in tools/, so that the production entry cannot reach the demo.
run({ firstStart: loadDemoOnFirstStart });
