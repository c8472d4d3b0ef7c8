// What the composition root (apps/server) needs of the projector; nothing else imports apps/projector.
export { ProjectorModule, type ProjectorOptions } from './projector.module';
export { PROJECTOR_MIGRATIONS } from './projector-migrations';
export { runProjectionsCli, type RebuildRequest } from './cli/projections';
export { DeadlineScheduler } from './deadlines/deadline-scheduler';
export { readCheckpoint } from './deadlines/feeder-checkpoint';
