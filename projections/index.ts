import { auditProjection } from './audit/audit.projection';
import { caseListProjection } from './case-list/case-list.projection';
import { dashboardProjection } from './dashboard/dashboard.projection';
import { accountabilityProjection } from './accountability/accountability.projection';
import { overdueProjection } from './overdue/overdue.projection';
import { rectificationsProjection } from './rectifications/rectifications.projection';
import { appraisalProjection } from './appraisal/appraisal.projection';
import type { Projection } from './runner/projection';

export * from './runner/projection';
export { ProjectionRunner, type RunnerOptions } from './runner/projection-runner';
export { rebuildProjection, rebuildProjections, type RebuildProgress, type Rebuilt } from './runner/rebuild';
export { projectionLeaders, type ProjectionLeader } from './runner/locks';
export { withReplayedCopies } from './runner/replay-copies';
export { PROJECTIONS_MIGRATIONS } from './runner/projections-migrations';
export { CheckpointReader, LAG_COUNT_CAP, type ProjectionLag } from './runner/checkpoint.reader';
export { buildRefusals, type BuildRefusal } from './runner/build-refusals';
export { stoppedProjections, STOPPED_AFTER_ATTEMPTS, type ProjectionStop } from './runner/projection-stops';
export { InvalidCursor, ReadModelNotReady } from './runner/read-model-errors';
export { verifyLogAndAuditReadModel } from './audit/audit-verification';
export type { Queryable } from './runner/read-model-query';
export type { ReadModelVersion } from './runner/read-model-version';
export { caseListProjection };

/** Every read model the projector keeps up to date. */
export const PROJECTIONS: readonly Projection[] = [
  caseListProjection,
  dashboardProjection,
  auditProjection,
  overdueProjection,
  rectificationsProjection,
  accountabilityProjection,
  appraisalProjection,
];

/**
 * The read models a ranking (排名通报) is computed from: the dashboard's figures (the cases), the
 * ledger's measures (cases' and findings'), the accountability register, and the appraisal read
 * model's list of units. The API reads them in one snapshot; the demo builds them before publishing.
 */
export const RANKING_READ_MODELS = [dashboardProjection, rectificationsProjection, accountabilityProjection, appraisalProjection] as const;
