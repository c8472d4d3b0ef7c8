import { runProjectionsCli } from '../../../projector/src';
import { MIGRATION_FOLDERS } from '../migration-folders';

// `npm run projections -- rebuild <name|all>`: the projector's command, on a database migrated in full.
runProjectionsCli(process.argv.slice(2), MIGRATION_FOLDERS);
