import * as path from 'node:path';

/** The projector's own tables: the deadline scheduler's deadlines and feeder checkpoints. */
export const PROJECTOR_MIGRATIONS: readonly string[] = [path.join(__dirname, 'deadlines/migrations')];
