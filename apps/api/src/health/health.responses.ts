import { defineSchema, S } from '../common/api-contract';

const STATUS = S.enum(['ok', 'degraded', 'unavailable']);

/** GET /health: ok, degraded or unavailable, nothing more. */
export const HEALTH_STATUS = defineSchema('HealthStatus', S.object({ status: STATUS }));

const COMPONENT = S.object({ status: S.enum(['up', 'down']), latencyMs: S.number({ minimum: 0 }), error: S.string() }, ['error']);

/** The transaction holding the visibility horizon back (HorizonHolder): state and start are null where the role may not see them. */
const HORIZON_HOLDER = S.object({
  pid: S.nullable(S.integer()),
  database: S.nullable(S.string()),
  user: S.nullable(S.string()),
  applicationName: S.nullable(S.string()),
  state: S.nullable(S.string()),
  transactionStartedAt: S.nullable(S.instant()),
});

/** A read model stopped on an event (ProjectionStop): the event, the error (class or SQLSTATE, values masked), since when, how many tries. */
const STOPPED_READ_MODEL = S.object({
  name: S.string(),
  position: S.position(),
  streamId: S.string(),
  streamVersion: S.integer({ minimum: 0 }),
  eventType: S.string(),
  error: S.string(),
  attempts: S.integer({ minimum: 1 }),
  since: S.instant(),
});

/** How far the signed checkpoints have got (CheckpointSigningReport, checkpoint-signing.ts). */
const SIGNING = S.object({
  keyId: S.nullable(S.string()),
  newest: S.nullable(S.object({ sequence: S.integer({ minimum: 1 }), problem: S.nullable(S.string()) })),
  lastValid: S.nullable(
    S.object({
      sequence: S.integer({ minimum: 1 }),
      upToPosition: S.position(),
      signedAt: S.instant(),
      ageSeconds: S.number({ minimum: 0 }),
    }),
  ),
  unsignedSince: S.nullable(S.instant()),
  unsignedSeconds: S.number({ minimum: 0 }),
  staleAfterSeconds: S.nullable(S.integer({ minimum: 1 })),
});

/** GET /api/v1/health/details (HealthReport): each component, and, when the store can be read, what it holds back and each read model's lag. */
export const HEALTH_REPORT = defineSchema(
  'HealthReport',
  S.object(
    {
      status: STATUS,
      checks: S.object({ database: COMPONENT, eventStore: COMPONENT }),
      pool: S.object({
        max: S.integer({ minimum: 1 }),
        total: S.integer({ minimum: 0 }),
        idle: S.integer({ minimum: 0 }),
        waiting: S.integer({ minimum: 0 }),
      }),
      visibility: S.object({
        heldBackEvents: S.integer({ minimum: 0 }),
        heldBackEventsCapped: S.boolean(),
        heldBackSeconds: S.number({ minimum: 0 }),
        holder: S.nullable(HORIZON_HOLDER),
      }),
      projections: S.array(
        S.object({
          name: S.string(),
          version: S.nullable(S.integer()),
          generation: S.nullable(S.integer()),
          position: S.nullable(S.position()),
          headPosition: S.nullable(S.position()),
          lagEvents: S.integer({ minimum: 0 }),
          lagEventsCapped: S.boolean(),
          lagSeconds: S.number({ minimum: 0 }),
          eventsApplied: S.integer({ minimum: 0 }),
          eventsSkipped: S.integer({ minimum: 0 }),
        }),
      ),
      refusedBuilds: S.array(S.object({ name: S.string(), reason: S.string(), since: S.instant() })),
      stoppedReadModels: S.array(STOPPED_READ_MODEL),
      signing: SIGNING,
    },
    ['projections', 'visibility', 'refusedBuilds', 'stoppedReadModels', 'signing'],
  ),
);
