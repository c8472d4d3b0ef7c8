import { defineSchema, S } from '../common/api-contract';

/** GET /health: up or not, nothing more. */
export const HEALTH_STATUS = defineSchema('HealthStatus', S.object({ status: S.enum(['ok', 'unavailable']) }));

const COMPONENT = S.object({ status: S.enum(['up', 'down']), latencyMs: S.number({ minimum: 0 }), error: S.string() }, ['error']);

/** GET /api/v1/health/details (HealthReport): each component, and each read model's lag when the store can be read. */
export const HEALTH_REPORT = defineSchema(
  'HealthReport',
  S.object(
    {
      status: S.enum(['ok', 'unavailable']),
      checks: S.object({ database: COMPONENT, eventStore: COMPONENT }),
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
    },
    ['projections'],
  ),
);
