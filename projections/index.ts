import { caseListProjection } from './case-list/case-list.projection';
import type { Projection } from './runner/projection';

export * from './runner/projection';
export { ProjectionRunner, type RunnerOptions } from './runner/projection-runner';
export { rebuildProjection, type RebuildProgress } from './runner/rebuild';
export { caseListProjection };

/** Every read model the projector keeps up to date. */
export const PROJECTIONS: readonly Projection[] = [caseListProjection];
