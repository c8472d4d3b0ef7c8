import 'reflect-metadata';
import { run } from './start';

// The production entry (Dockerfile, docker compose, `npm run start:api`, `start:projector`): the
// role comes from APP_ROLE. No first-start demo: `npm start` runs tools/demo/src/start-with-demo.ts.
run();
