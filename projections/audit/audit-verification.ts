import type { Pool } from 'pg';
import { verifyConfiguredLog, type AuditVerification, type EventStore } from '@app/event-store';
import type { AppConfig } from '@app/platform';
import { AuditReadModelCheck } from './audit-read-model-check';

/**
 * `audit verify`, for the API (GET /api/v1/audit/verify) and the CLI (`npm run audit -- verify`):
 * the log verified (libs/event-store/src/integrity) and, in the same pass over it, the audit read
 * model the discipline office reads compared with it (audit-read-model-check.ts). The database role
 * of the application may write the read model's rows but not rewrite the log: without this, rows
 * deleted or re-attributed there would hide events from the office while the log verified clean.
 *
 * `ok` is whether both hold; the log's own failures stay in `failures` and `failureCount`, the read
 * model's in `readModel`. The rebuilds' gate verifies the log alone (verifyConfiguredLog): a read
 * model that does not match is what a rebuild mends.
 */
export async function verifyLogAndAuditReadModel(
  store: EventStore,
  pool: Pool,
  config: Pick<AppConfig, 'eventStore' | 'tamperEvidence'>,
  now?: () => Date,
): Promise<AuditVerification> {
  // Opened first: every event up to the checkpoint it reads is in the log the pass then reads.
  const check = await AuditReadModelCheck.open(pool);
  try {
    const log = await verifyConfiguredLog(store, pool, config, { now, onPage: (events) => check.compare(events) });
    const readModel = await check.finish();
    return { ...log, ok: log.ok && readModel.ok, readModel };
  } finally {
    await check.close();
  }
}
