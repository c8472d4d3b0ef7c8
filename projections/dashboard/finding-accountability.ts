import type { EventEnvelope } from '@app/event-store';
import { beijingDateOf, FINDING_STREAM_PREFIX, type AccountabilityIssued } from '@app/domain';
import { jsonArrayParameter } from '@app/platform';
import type { ProjectionContext } from '../runner/projection';
import { accountabilityContribution, LEDGER_COHORT_CODE, type CountChanges } from './dashboard-counts';
import { DASHBOARD_FINDING_ACCOUNTABILITY_TABLE } from './dashboard.reader';

/**
 * Accountability (问责) issued on a finding of the ledger (问题) counts in the dashboard's accountability
 * figures as one issued on a case does: under the unit of its target and `*`. A finding is no
 * complaint — it has no day of receipt, category or channel — so its decision is counted on the
 * Beijing day it was issued, with no category and no channel (LEDGER_COHORT_CODE, which no filter
 * can ask for): the figures of a period with neither filter include it, those narrowed to a category
 * or channel of cases do not.
 *
 * The batch's decisions are inserted in one statement, keyed by finding and accountability id;
 * those it inserts (not recorded by an earlier batch) are counted, so a batch applied twice, or the
 * log cut anywhere, counts each decision once.
 */
export async function countFindingAccountability(
  events: readonly EventEnvelope[],
  ctx: ProjectionContext,
  counts: CountChanges,
): Promise<void> {
  const decisions = new Map<string, Record<string, unknown>>();
  for (const e of events) {
    if (e.type !== 'AccountabilityIssued' || !e.streamId.startsWith(FINDING_STREAM_PREFIX)) continue;
    const d = e.data as AccountabilityIssued['data'];
    const findingId = e.streamId.slice(FINDING_STREAM_PREFIX.length);
    const key = JSON.stringify([findingId, d.accountabilityId]);
    if (decisions.has(key)) continue;
    decisions.set(key, {
      finding_id: findingId,
      accountability_id: d.accountabilityId,
      forms: d.forms,
      target_kind: d.target.kind,
      target_unit_id: d.target.unitId,
      issued_on: beijingDateOf(e.metadata.occurredAt ?? e.recordedAt),
    });
  }
  if (decisions.size === 0) return;
  const t = ctx.table(DASHBOARD_FINDING_ACCOUNTABILITY_TABLE);
  const inserted = await ctx.query(
    `INSERT INTO ${t} SELECT * FROM json_populate_recordset(NULL::${t}, $1::json)
     ON CONFLICT (finding_id, accountability_id) DO NOTHING
     RETURNING target_unit_id, forms, issued_on::text AS issued_on`,
    [jsonArrayParameter([...decisions.values()])],
  );
  for (const r of inserted.rows) {
    const cohort = { receivedOn: r.issued_on as string, category: LEDGER_COHORT_CODE, channel: LEDGER_COHORT_CODE };
    counts.add(cohort, [], [accountabilityContribution(r.target_unit_id as string, r.forms as string[])]);
  }
}
