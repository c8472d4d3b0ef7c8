import { randomUUID } from 'node:crypto';
import type { Actor } from '../event-metadata';
import { eventMetadata } from '../event-metadata';
import type { EventStore } from '../event-store';
import { hasReadModel } from './read-model-verification';
import { bounded } from './quoted';
import type { LogVerification } from './verify-log';

/** The stream of a year's verification results: `audit-verifications-2026`. */
export const AUDIT_VERIFICATIONS_STREAM_PREFIX = 'audit-verifications-';

export const AUDIT_LOG_VERIFIED = 'AuditLogVerified';

/**
 * A verification is itself evidence: who checked the log, when, and what they found is appended to
 * the log (and so chained, checkpointed and shown in the audit history like any event). The
 * failures are kept to the first ten, the log's and the read model's; the report itself has up to a
 * hundred of each.
 */
export async function recordVerification(store: EventStore, verification: LogVerification, actor: Actor): Promise<RecordedVerification> {
  const { failures, ...summary } = verification;
  const readModel = hasReadModel(verification)
    ? { readModel: { ...verification.readModel, failures: verification.readModel.failures.slice(0, 10).map(keptShort) } }
    : {};
  const streamId = `${AUDIT_VERIFICATIONS_STREAM_PREFIX}${verification.verifiedAt.slice(0, 4)}`;
  const { nextVersion, position } = await store.appendToStream(
    streamId,
    [
      {
        eventId: randomUUID(),
        type: AUDIT_LOG_VERIFIED,
        schemaVersion: 1,
        data: { ...summary, failures: failures.slice(0, 10).map(keptShort), ...readModel },
        metadata: eventMetadata(actor, verification.verifiedAt),
      },
    ],
    { expectedVersion: 'any' },
  );
  return { streamId, version: nextVersion, position };
}

/**
 * A failure as recorded: its message and stream id no longer than RECORDED_MESSAGE_CHARS. The
 * report builds them short already (quoted.ts); the immutable log must not take a megabyte row's
 * value whatever a future failure quotes, so it is bounded here too.
 */
function keptShort<F extends { message: string; streamId: string | null }>(failure: F): F {
  return {
    ...failure,
    message: cut(failure.message, RECORDED_MESSAGE_CHARS),
    streamId: failure.streamId === null ? null : bounded(failure.streamId),
  };
}

const RECORDED_MESSAGE_CHARS = 1_000;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Where the verification was recorded. */
export interface RecordedVerification {
  streamId: string;
  version: number;
  position: bigint;
}
