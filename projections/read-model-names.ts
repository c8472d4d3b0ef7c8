/**
 * The names of the read models PROJECTIONS (index.ts) keeps, in its order: what `npm run
 * projections` names in its usage and accepts, checked before the projections and their runner
 * (pg and the rest) are loaded. A list of its own so that it imports nothing; read-model-names.spec.ts
 * holds it equal to PROJECTIONS' names.
 */
export const READ_MODEL_NAMES = ['case-list', 'dashboard', 'audit', 'overdue', 'rectifications', 'accountability', 'appraisal'] as const;

export type ReadModelName = (typeof READ_MODEL_NAMES)[number];
