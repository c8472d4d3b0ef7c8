import { EVENT_STORE_MIGRATIONS } from '@app/event-store';
import { PROJECTIONS_MIGRATIONS } from '@app/projections';
import { API_MIGRATIONS } from '../../api/src';
import { PROJECTOR_MIGRATIONS } from '../../projector/src';

/**
 * Every package's folder of SQL migrations, applied together in file-name order at every start, by
 * `npm run migrate` and by the projections CLI. A package that owns tables exports its folders; the
 * list is here because only the composition root knows every package (test/support/global-setup.ts
 * lists the same folders for the test template, and migration-folders.spec.ts keeps the two equal).
 */
export const MIGRATION_FOLDERS: readonly string[] = [
  ...EVENT_STORE_MIGRATIONS,
  ...PROJECTIONS_MIGRATIONS,
  ...PROJECTOR_MIGRATIONS,
  ...API_MIGRATIONS,
];
