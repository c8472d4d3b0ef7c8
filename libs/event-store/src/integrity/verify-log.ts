import type { EventEnvelope, EventStore } from '../event-store';
import type { CheckpointPublicKey } from './checkpoint-key';
import { checkpointProblem, parseStatement, type CheckpointLedger, type SignedCheckpoint } from './checkpoints';
import { eventHash } from './event-hash';
import { bounded } from './quoted';

/**
 * Re-checks the whole log: every event's hash against its content and the hash before it in its
 * stream, every stream's versions for gaps, every checkpoint's signature and link, and every head a
 * checkpoint signed against the log. Names the first event (stream, version, position) that fails.
 */

export type IntegrityFailureKind =
  /** The event's content, with the hash before it, does not give the hash it carries. */
  | 'hash_mismatch'
  /** The event carries no hash although events before it in its stream do (or the store requires one). */
  | 'missing_hash'
  /** Versions of the stream are missing before this event (an event row was deleted). */
  | 'version_gap'
  /** The event's version does not follow the one before it in the log. */
  | 'version_out_of_order'
  /** The event sits at a version a checkpoint signed, with another hash than the one signed. */
  | 'checkpoint_mismatch'
  /** A checkpoint signed a head of this stream, and the log has no event of it at all. */
  | 'stream_missing'
  /** A checkpoint signed a head of this stream further than the log now goes. */
  | 'stream_truncated'
  /** A checkpoint's signature, sequence or link to the previous one does not hold. */
  | 'checkpoint_invalid';

export interface IntegrityFailure {
  kind: IntegrityFailureKind;
  message: string;
  streamId: string | null;
  version: number | null;
  /** Global position of the failing event (decimal string), when there is one. */
  position: string | null;
  eventId: string | null;
  /** Sequence of the checkpoint involved, if any. */
  checkpoint: number | null;
}

export interface LogVerification {
  ok: boolean;
  verifiedAt: string;
  /** Events and streams read. */
  events: number;
  streams: number;
  /** KurrentDB events from before the chain (no hash): read, but vouched for by nothing. */
  unchainedEvents: number;
  checkpoints: {
    count: number;
    /**
     * Of them, the rows that do not verify (each a `checkpoint_invalid` failure): they vouch for
     * nothing, so a rebuild does not count them against the log (projections/runner/rebuild.ts).
     */
    invalid: number;
    /** The newest checkpoint that holds: note its sequence and hash elsewhere to detect its removal later. */
    last: { sequence: number; upToPosition: string; signedAt: string; keyId: string } | null;
  };
  /** The failure earliest in the log (events first, in log order; then streams and checkpoints). */
  firstFailure: IntegrityFailure | null;
  failureCount: number;
  /** The first failures, up to a hundred. */
  failures: IntegrityFailure[];
}

export interface VerifyLogOptions {
  /** The checkpoint public key; null when none exists (then any checkpoint fails). */
  key: CheckpointPublicKey | null;
  /**
   * KurrentDB only: events appended before the chain existed carry no hash. They are allowed at the
   * start of a stream (counted as unchained), never after a chained event. PostgreSQL computed the
   * chain of its old rows in a migration, so there every event must have one.
   */
  unchainedPrefixAllowed?: boolean;
  now?: () => Date;
  pageSize?: number;
  /**
   * Handed each page of the log once it is checked, in log order: a check of something derived from
   * the log (the audit read model, projections/audit) rides on this pass instead of reading it again.
   */
  onPage?: (events: readonly EventEnvelope[]) => Promise<void>;
}

const LISTED_FAILURES = 100;

interface StreamState {
  version: number;
  hash: string | null;
  chained: boolean;
}

interface Expectation {
  version: number;
  hash: string | null;
  checkpoint: number;
  seen: boolean;
}

export async function verifyLog(store: EventStore, ledger: CheckpointLedger, options: VerifyLogOptions): Promise<LogVerification> {
  const verifiedAt = (options.now?.() ?? new Date()).toISOString();
  const failures = new FailureList();

  // The checkpoints first: the heads they signed are what the pass over the log must meet.
  const checkpoints = await ledger.all();
  const expected = new Map<string, Expectation>();
  let lastGood: SignedCheckpoint | null = null;
  let previous: SignedCheckpoint | null = null;
  let invalid = 0;
  for (const checkpoint of checkpoints) {
    // Linked to the row before it, whatever that holds; its position past the last one that holds.
    const problem = checkpointProblem(checkpoint, previous, options.key, lastGood);
    previous = checkpoint;
    if (problem) {
      invalid++;
      // What it says is not trusted. The checkpoints after it are judged on their own signatures:
      // the signer chains past a row it cannot verify (sign-checkpoints.ts), and those still hold.
      failures.add({
        kind: 'checkpoint_invalid',
        message: `Checkpoint ${checkpoint.sequence}: ${problem}`,
        checkpoint: checkpoint.sequence,
      });
      continue;
    }
    for (const head of parseStatement(checkpoint.statement).heads) {
      expected.set(head.streamId, { version: head.version, hash: head.hash, checkpoint: checkpoint.sequence, seen: false });
    }
    lastGood = checkpoint;
  }

  const streams = new Map<string, StreamState>();
  let events = 0;
  let unchainedEvents = 0;
  const pageSize = options.pageSize ?? 5_000;
  for (
    let after: bigint | undefined, page = await store.readAll({ limit: pageSize });
    page.length > 0;
    page = await store.readAll({ after, limit: pageSize })
  ) {
    for (const event of page) {
      events++;
      const state = streams.get(event.streamId);
      const failure = checkEvent(event, state, options.unchainedPrefixAllowed ?? false);
      if (failure) failures.add({ ...failure, ...at(event) });
      if (!event.hash) unchainedEvents++;
      streams.set(event.streamId, { version: event.streamVersion, hash: event.hash ?? null, chained: !!event.hash || !!state?.chained });

      const signed = expected.get(event.streamId);
      if (signed && signed.version === event.streamVersion) {
        signed.seen = true;
        if (signed.hash !== (event.hash ?? null)) {
          failures.add({
            kind: 'checkpoint_mismatch',
            message: `Checkpoint ${signed.checkpoint} signed ${bounded(event.streamId)} at version ${event.streamVersion} with another hash: the stream was rewritten from here or before`,
            checkpoint: signed.checkpoint,
            ...at(event),
          });
        }
      }
    }
    await options.onPage?.(page);
    after = page[page.length - 1].position;
  }

  for (const [streamId, signed] of expected) {
    if (signed.seen) continue;
    const state = streams.get(streamId);
    if (!state) {
      failures.add({
        kind: 'stream_missing',
        message: `Stream ${bounded(streamId)} is gone: checkpoint ${signed.checkpoint} signed it at version ${signed.version}`,
        streamId,
        version: signed.version,
        checkpoint: signed.checkpoint,
      });
    } else if (state.version < signed.version) {
      failures.add({
        kind: 'stream_truncated',
        message: `Stream ${bounded(streamId)} ends at version ${state.version}: checkpoint ${signed.checkpoint} signed it at version ${signed.version}`,
        streamId,
        version: signed.version,
        checkpoint: signed.checkpoint,
      });
    }
    // Otherwise the signed version itself is missing inside the stream: already a version gap.
  }

  const lastStatement = lastGood ? parseStatement(lastGood.statement) : null;
  const listed = failures.sorted();
  return {
    ok: failures.count === 0,
    verifiedAt,
    events,
    streams: streams.size,
    unchainedEvents,
    checkpoints: {
      count: checkpoints.length,
      invalid,
      last: lastStatement && {
        sequence: lastStatement.sequence,
        upToPosition: lastStatement.upToPosition,
        signedAt: lastStatement.signedAt,
        keyId: lastStatement.keyId,
      },
    },
    firstFailure: listed[0] ?? null,
    failureCount: failures.count,
    failures: listed.slice(0, LISTED_FAILURES),
  };
}

/** What is wrong with `event`, given what came before it in its stream, or null. */
function checkEvent(
  event: EventEnvelope,
  before: StreamState | undefined,
  unchainedPrefixAllowed: boolean,
): Pick<IntegrityFailure, 'kind' | 'message'> | null {
  const previousVersion = before?.version ?? 0;
  const name = `${bounded(event.streamId)} version ${event.streamVersion}`;
  if (event.streamVersion <= previousVersion) {
    return { kind: 'version_out_of_order', message: `${name} comes after version ${previousVersion} in the log` };
  }
  if (event.streamVersion > previousVersion + 1) {
    const missing =
      previousVersion + 1 === event.streamVersion - 1
        ? `version ${previousVersion + 1} is`
        : `versions ${previousVersion + 1} to ${event.streamVersion - 1} are`;
    return { kind: 'version_gap', message: `${name}: ${missing} missing before it` };
  }
  if (!event.hash) {
    if (unchainedPrefixAllowed && !before?.chained) return null;
    return { kind: 'missing_hash', message: `${name} carries no hash` };
  }
  if (event.hash !== eventHash(event, before?.hash ?? null)) {
    return { kind: 'hash_mismatch', message: `${name} does not match its hash: its content or its place was changed` };
  }
  return null;
}

function at(event: EventEnvelope): Pick<IntegrityFailure, 'streamId' | 'version' | 'position' | 'eventId'> {
  return { streamId: event.streamId, version: event.streamVersion, position: event.position.toString(), eventId: event.eventId };
}

/** Failures in the order found, counted in full and kept up to a bound. */
class FailureList {
  count = 0;
  private readonly kept: IntegrityFailure[] = [];

  add(failure: Partial<IntegrityFailure> & Pick<IntegrityFailure, 'kind' | 'message'>): void {
    this.count++;
    if (this.kept.length >= LISTED_FAILURES * 2) return;
    this.kept.push({ streamId: null, version: null, position: null, eventId: null, checkpoint: null, ...failure });
  }

  /** Events in log order first, then the rest (streams gone, checkpoints) in the order found. */
  sorted(): IntegrityFailure[] {
    const position = (f: IntegrityFailure) => BigInt(f.position!);
    const events = this.kept
      .filter((f) => f.position !== null)
      .sort((a, b) => (position(a) < position(b) ? -1 : position(a) > position(b) ? 1 : 0));
    return [...events, ...this.kept.filter((f) => f.position === null)];
  }
}
