import type { LogVerification } from './verify-log';

/**
 * A read model compared with the log it is derived from. The log's own checks (verify-log.ts) say
 * whether the events were changed; these say whether what a reader is shown of them (the audit
 * history, read from `audit_events`) still names them as they are. Kept apart from the log's
 * failures: a read model that does not match is mended by rebuilding it, and must not stop the
 * rebuilds that a log failing verification stops (projections/runner/rebuild.ts).
 */

export type ReadModelFailureKind =
  /** An event of the log, up to the read model's checkpoint, has no row (the row was deleted). */
  | 'row_missing'
  /** A row names a position at which the log has no event (a row was inserted). */
  | 'row_extra'
  /** A row's column is not what the projection derives from its event (the row was changed). */
  | 'row_differs';

export interface ReadModelFailure {
  kind: ReadModelFailureKind;
  message: string;
  /** The event's stream and version; for an extra row, what the row claims. */
  streamId: string | null;
  version: number | null;
  /** Global position (decimal string): the event's, or the extra row's key. */
  position: string;
  eventId: string | null;
  /** For row_differs: the column that differs (one failure per column). */
  column: string | null;
}

export interface ReadModelVerification {
  /** The read model (its checkpoint's name) and the view its readers query. */
  readModel: string;
  table: string;
  ok: boolean;
  /** The generation compared: the one its view reads. Null when it was never built. */
  generation: number | null;
  /** Its checkpoint: rows up to it were compared; past it the projector may be mid-batch. */
  upToPosition: string | null;
  /** Rows read up to the checkpoint. */
  rows: number;
  firstFailure: ReadModelFailure | null;
  failureCount: number;
  /** The first failures in log order, up to a hundred. */
  failures: ReadModelFailure[];
}

/**
 * What `audit verify` reports: the log's verification as verifyLog gives it (its failures, count and
 * first failure are the log's alone), and the audit read model's beside it. `ok` is whether both
 * hold; what gates a rebuild looks at the log's `failureCount` only.
 */
export interface AuditVerification extends LogVerification {
  readModel: ReadModelVerification;
}

export function hasReadModel(result: LogVerification): result is AuditVerification {
  return 'readModel' in result;
}

/** The read model's part of describeVerification. */
export function describeReadModel(check: ReadModelVerification): string[] {
  if (check.generation === null) return [`The read model ${check.readModel} is not built yet: nothing to compare.`];
  if (check.upToPosition === null && check.ok) return [`The read model ${check.readModel} has applied no event yet: nothing to compare.`];
  const scope =
    `Compared ${check.rows} rows of ${check.table} (generation ${check.generation}) with the log up to its checkpoint, ` +
    `position ${check.upToPosition}.`;
  if (check.ok) return [scope, `The read model ${check.readModel} matches the log.`];
  const lines = [
    scope,
    `The read model ${check.readModel} does NOT match the log: ${check.failureCount} difference${check.failureCount === 1 ? '' : 's'} ` +
      `(rebuild it: npm run projections -- rebuild ${check.readModel}).`,
  ];
  for (const failure of check.failures.slice(0, 10)) lines.push(`  ${failure.kind}: at position ${failure.position}: ${failure.message}`);
  if (check.failureCount > 10) lines.push(`  … and ${check.failureCount - 10} more`);
  return lines;
}
