// What the composition root (apps/server) needs of the HTTP app; nothing else imports apps/api.
export { ApiModule, type ApiOptions } from './api.module';
export { API_MIGRATIONS } from './api-migrations';
export { createHttpApp, JSON_BODY_LIMIT } from './http-app';
export { requestLogging } from './http-logging';
export { masterKeyCoverage, runComplainantKeysCommand, SEALED_PEOPLE_STORES } from './complainants/complainant-keys.command';
export { dataKeysByMasterKey } from './complainants/master-key-rotation';
export { runRankingCommand } from './rankings/ranking.command';
export { reproduceRanking } from './rankings/ranking-reproduction.query';
export { createManagementApp } from './health/management-app';
export { openApiDocument } from './openapi';
export {
  DevTokenIssuer,
  defaultDevSubject,
  parseTokenTtl,
  DEFAULT_DEV_TOKEN_TTL_SECONDS,
  type DevTokenRequest,
} from './auth/dev-token-issuer';
export { ROLES, type Role } from './common/request-context';
// The command routes' controllers, for the demo's in-process sending (tools/demo/src/in-process-api.ts).
export { IntakeCommandsController } from './cases/intake-commands.controller';
export { UnitCommandsController } from './cases/unit-commands.controller';
export { OversightCommandsController } from './cases/oversight-commands.controller';
export { CaseQueriesController } from './cases/case-queries.controller';
export { AppraisalInputsController } from './appraisal-inputs/appraisal-inputs.controller';
export { CampaignCommandsController } from './ledger/campaigns/campaign-commands.controller';
export { FindingCommandsController } from './ledger/findings/finding-commands.controller';
export { RankingsCommandsController } from './rankings/rankings-commands.controller';
export { problemFor } from './common/problem-details.filter';
export type { CommandSender } from './common/command-sender';
export type { AuthenticatedCaller } from './common/request-context';
