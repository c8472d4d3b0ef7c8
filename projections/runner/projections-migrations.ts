import * as path from 'node:path';

/** The runner's own table (one checkpoint and generation per read model); read-model tables are made by the runner itself. */
export const PROJECTIONS_MIGRATIONS: readonly string[] = [path.join(__dirname, 'migrations')];
