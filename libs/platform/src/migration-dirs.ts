import * as path from 'node:path';
import { projectRoot } from './project-root';

/**
 * Every folder of SQL migrations, applied together in file-name order. A module that owns tables
 * adds its folder here.
 */
export const MIGRATION_DIRS: string[] = [
  path.join(projectRoot(), 'libs/event-store/src/postgres/migrations'),
  path.join(projectRoot(), 'apps/projector/src/deadlines/migrations'),
  path.join(projectRoot(), 'apps/api/src/common/idempotency/migrations'),
  path.join(projectRoot(), 'apps/api/src/complainants/migrations'),
  path.join(projectRoot(), 'projections/runner/migrations'),
];
