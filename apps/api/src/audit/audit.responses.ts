import { defineSchema, pageOf, S } from '../common/api-contract';
import { EVENT_METADATA } from '../cases/case.responses';

/** An event of the log as the audit history shows it (AuditEvent, projections/audit). */
const AUDIT_EVENT = S.object({
  position: S.position(),
  eventId: S.string(),
  streamId: S.string(),
  streamVersion: S.integer({ minimum: 1 }),
  type: S.string(),
  schemaVersion: S.integer(),
  recordedAt: S.instant(),
  metadata: EVENT_METADATA,
  data: S.anyObject('The event’s data, as its type defines it (docs/glossary.md)'),
  hash: S.nullable(
    S.string({ description: 'The event’s link in its stream’s hash chain (hex SHA-256); null when the log holds none for it' }),
  ),
});

export const AUDIT_EVENT_PAGE = defineSchema('AuditEventPage', pageOf(AUDIT_EVENT));

const FAILURE = S.object({
  kind: S.enum([
    'hash_mismatch',
    'missing_hash',
    'version_gap',
    'version_out_of_order',
    'checkpoint_mismatch',
    'stream_missing',
    'stream_truncated',
    'checkpoint_invalid',
  ]),
  message: S.string(),
  streamId: S.nullable(S.string()),
  version: S.nullable(S.integer()),
  position: S.nullable(S.position()),
  eventId: S.nullable(S.string()),
  checkpoint: S.nullable(S.integer()),
});

/** A row of the audit read model that does not match the log (ReadModelFailure, libs/event-store). */
const READ_MODEL_FAILURE = S.object({
  kind: S.enum(['row_missing', 'row_extra', 'row_differs']),
  message: S.string(),
  streamId: S.nullable(S.string()),
  version: S.nullable(S.integer()),
  // An extra row's key is whatever was written into it, below zero included.
  position: S.string({ pattern: '^-?[0-9]+$', description: 'The event’s global position, or the extra row’s' }),
  eventId: S.nullable(S.string()),
  column: S.nullable(S.string({ description: 'For row_differs: the column that differs' })),
});

/**
 * A verification of the whole log, as recorded (AuditLogVerification): `ok` when the log holds and the
 * audit read model matches it; `failures` are the log's, `readModel` the read model's comparison.
 */
export const AUDIT_LOG_VERIFICATION = defineSchema(
  'AuditLogVerification',
  S.object({
    ok: S.boolean(),
    verifiedAt: S.instant(),
    events: S.integer({ minimum: 0 }),
    streams: S.integer({ minimum: 0 }),
    unchainedEvents: S.integer({ minimum: 0 }),
    checkpoints: S.object({
      count: S.integer({ minimum: 0 }),
      invalid: S.integer({ minimum: 0, description: 'Of them, the rows that do not verify (checkpoint_invalid): they vouch for nothing' }),
      last: S.nullable(S.object({ sequence: S.integer(), upToPosition: S.position(), signedAt: S.instant(), keyId: S.string() })),
    }),
    firstFailure: S.nullable(FAILURE),
    failureCount: S.integer({ minimum: 0 }),
    failures: S.array(FAILURE),
    readModel: S.object({
      readModel: S.string(),
      table: S.string(),
      ok: S.boolean(),
      generation: S.nullable(S.integer()),
      upToPosition: S.nullable(S.position()),
      rows: S.integer({ minimum: 0 }),
      firstFailure: S.nullable(READ_MODEL_FAILURE),
      failureCount: S.integer({ minimum: 0 }),
      failures: S.array(READ_MODEL_FAILURE),
    }),
    recorded: S.object({ streamId: S.string(), version: S.integer({ minimum: 1 }), position: S.position() }),
  }),
);

/** The checkpoints' public key (publishedKey, libs/event-store). */
export const CHECKPOINT_KEY = defineSchema(
  'CheckpointKey',
  S.object({
    algorithm: S.enum(['Ed25519']),
    keyId: S.string({ description: 'RFC 7638 thumbprint' }),
    pem: S.string(),
    jwk: S.object({
      kty: S.enum(['OKP']),
      crv: S.enum(['Ed25519']),
      x: S.string(),
      kid: S.string(),
      alg: S.enum(['EdDSA']),
      use: S.enum(['sig']),
    }),
  }),
);
