import type { Pool } from 'pg';
import type { AppConfig } from '@app/platform';
import type { EventStore } from '../event-store';
import { loadVerifyKey } from './checkpoint-key';
import { CheckpointLedger } from './checkpoints';
import { describeReadModel, hasReadModel } from './read-model-verification';
import { verifyLog, type LogVerification, type VerifyLogOptions } from './verify-log';

/**
 * verifyLog as the configuration has it: the checkpoint key of AUDIT_VERIFY_KEY_FILE or
 * AUDIT_SIGNING_KEY_FILE (never generated here: with no key yet, nothing can have been signed, and
 * any checkpoint found fails), and KurrentDB's events from before the chain allowed at the start of
 * their streams. The same for the API, `npm run audit -- verify` (which add the audit read model's
 * comparison through `onPage`, projections/audit) and the rebuilds.
 */
export function verifyConfiguredLog(
  store: EventStore,
  pool: Pool,
  config: Pick<AppConfig, 'eventStore' | 'tamperEvidence'>,
  options: Pick<VerifyLogOptions, 'now' | 'onPage'> = {},
): Promise<LogVerification> {
  return verifyLog(store, new CheckpointLedger(pool), {
    key: loadVerifyKey(config.tamperEvidence, { generate: false }),
    unchainedPrefixAllowed: config.eventStore === 'kurrentdb',
    ...options,
  });
}

/** A verification in a few lines, for a terminal or a log. */
export function describeVerification(result: LogVerification): string[] {
  const last = result.checkpoints.last;
  const lines = [
    `Checked ${result.events} events in ${result.streams} streams` +
      (result.unchainedEvents > 0 ? ` (${result.unchainedEvents} from before the hash chain, unchecked)` : '') +
      `, ${result.checkpoints.count} signed checkpoints` +
      (last ? ` (last: ${last.sequence}, up to position ${last.upToPosition}, signed ${last.signedAt}, key ${last.keyId})` : '') +
      '.',
  ];
  // The log's verdict is its own failures: `ok` also says whether a read model compared matches it.
  const readModel = hasReadModel(result) ? describeReadModel(result.readModel) : [];
  if (result.failureCount === 0) return [...lines, 'The log holds: every hash chain and every checkpoint checks out.', ...readModel];
  lines.push(`The log FAILS verification: ${result.failureCount} failure${result.failureCount === 1 ? '' : 's'}.`);
  for (const failure of result.failures.slice(0, 10)) {
    // A checkpoint's failure names no event: its kind then goes straight before its message.
    const where = [failure.streamId === null ? '' : `${failure.streamId} version ${failure.version}`];
    if (failure.position !== null) where.push(`at position ${failure.position}`);
    const place = where.filter(Boolean).join(' ');
    lines.push(`  ${failure.kind}: ${place ? `${place}: ` : ''}${failure.message}`);
  }
  if (result.failureCount > 10) lines.push(`  … and ${result.failureCount - 10} more`);
  return [...lines, ...readModel];
}
