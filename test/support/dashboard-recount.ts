import type { Pool } from 'pg';
import {
  accountabilityContribution,
  caseContribution,
  cohortOf,
  CountChanges,
  LEDGER_COHORT_CODE,
  dispatchContribution,
  measureContribution,
  type Contribution,
} from '@app/projections/dashboard/dashboard-counts';

type Row = Record<string, unknown>;

/**
 * The dashboard's counts made again from its fact rows alone, all at once: what the projection keeps
 * up event by event must equal it (dashboard.projection.spec.ts), and specs that write hand-made fact
 * rows (dashboard.reader.spec.ts) get the counts those rows make.
 */
export async function recountDashboard(pool: Pool): Promise<void> {
  await pool.query('DELETE FROM dashboard_counts');
  await pool.query('DELETE FROM dashboard_pending');
  const rowsOf = async (sql: string) => ((await pool.query(sql)).rows as Array<{ row: Row }>).map((r) => r.row);
  const byCase = <T>(rows: Row[], contributionOf: (row: Row) => T) => {
    const map = new Map<string, T[]>();
    for (const row of rows) map.set(row.case_id as string, [...(map.get(row.case_id as string) ?? []), contributionOf(row)]);
    return map;
  };
  const dispatches = byCase(await rowsOf('SELECT to_jsonb(u) AS row FROM dashboard_case_units u'), dispatchContribution);
  const measures = byCase(await rowsOf('SELECT to_jsonb(m) AS row FROM dashboard_measures m'), measureContribution);
  const decisions = new Map<string, Contribution[]>();
  const forms = await rowsOf(
    `SELECT jsonb_build_object('case_id', case_id, 'target_unit_id', min(target_unit_id), 'forms', array_agg(form)) AS row
       FROM dashboard_accountability GROUP BY case_id, accountability_id`,
  );
  for (const d of forms)
    decisions.set(d.case_id as string, [
      ...(decisions.get(d.case_id as string) ?? []),
      accountabilityContribution(d.target_unit_id as string, d.forms as string[]),
    ]);
  const counts = new CountChanges();
  for (const c of await rowsOf('SELECT to_jsonb(c) AS row FROM dashboard_cases c')) {
    const id = c.case_id as string;
    counts.add(
      cohortOf(c),
      [],
      [caseContribution(c), ...(dispatches.get(id) ?? []), ...(measures.get(id) ?? []), ...(decisions.get(id) ?? [])],
    );
  }
  // Accountability on findings of the ledger: on the day issued, with no category or channel.
  for (const d of await rowsOf(`SELECT jsonb_build_object('target_unit_id', target_unit_id, 'forms', forms, 'issued_on', issued_on) AS row
                                   FROM dashboard_finding_accountability`))
    counts.add(
      { receivedOn: d.issued_on as string, category: LEDGER_COHORT_CODE, channel: LEDGER_COHORT_CODE },
      [],
      [accountabilityContribution(d.target_unit_id as string, d.forms as string[])],
    );
  await counts.write({ table: (name: string) => name, query: (sql: string, params?: unknown[]) => pool.query(sql, params) });
}
