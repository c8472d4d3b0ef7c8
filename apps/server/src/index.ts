// The composition root's public surface, for tools/ (the demo), bench/ and test/ support: they use
// the application through it, never through apps/api or apps/projector directly.
export { createApiApp } from './server-app';
export { MIGRATION_FOLDERS } from './migration-folders';
export { run, start, type FirstStartHook, type StartOptions } from './start';
export { DeadlineScheduler, readCheckpoint } from '../../projector/src';
export { createManagementApp, DevTokenIssuer, ROLES, type DevTokenRequest, type Role } from '../../api/src';
// The demo's in-process sending (tools/demo/src/in-process-api.ts): the controllers the command routes call.
export {
  AppraisalInputsController,
  CampaignCommandsController,
  CaseQueriesController,
  FindingCommandsController,
  IntakeCommandsController,
  OversightCommandsController,
  problemFor,
  RankingsCommandsController,
  UnitCommandsController,
  type AuthenticatedCaller,
  type CommandSender,
} from '../../api/src';
