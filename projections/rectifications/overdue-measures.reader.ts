import { isLocalDate, MEASURE_DEADLINE_KINDS, OPEN_MEASURE_STATUSES, type LocalDate, type MeasureDeadlineKind } from '@app/domain';
import { filtersTag, isTag } from '../cursor-filters';
import { decodeCursor, readPage, type Page } from '../runner/keyset';
import type { Queryable } from '../runner/read-model-query';
import { WhereClause } from '../runner/where-clause';
import {
  answeredBy,
  HOLDER_ID,
  measureIdentityOf,
  RECTIFICATION_MEASURES_TABLE,
  RECTIFICATIONS_READ_MODEL,
  type MeasureHolderKind,
  type MeasureIdentity,
} from './rectifications.reader';

/**
 * Which open measure deadlines: due on or before `warnUntil` (the end of the yellow window), only
 * the passed ones (`red`: before `today`) or only the coming ones (`yellow`).
 */
export interface OverdueMeasuresFilter {
  today: LocalDate;
  warnUntil: LocalDate;
  /** The window asked for, in working days, that `warnUntil` was counted with: what the cursor names (not the day it ends on). */
  warningWorkingDays: number;
  card?: 'red' | 'yellow';
  /** The unit a unit caller is confined to: deadlines it is responsible for or leads (null: not confined). */
  unitScope: string | null;
  /** Deadlines of this unit, responsible for the measure or answering for its holder. */
  unitId?: string;
  kind?: MeasureDeadlineKind;
  holderKind?: MeasureHolderKind;
  cursor?: string;
  limit?: number;
}

/** One open deadline of a measure: its due date while the work is owed, or its 回头看 date while verified. */
export type OverdueMeasureRow = MeasureIdentity & {
  kind: MeasureDeadlineKind;
  dueDate: LocalDate;
  /** The scheduler has recorded MeasureDeadlinePassed for this date. */
  deadlinePassedRecorded: boolean;
};

/**
 * The measures' side of the overdue list (红黄牌): the open deadlines of every measure of the cases
 * and findings, from the ledger read model, earliest due first. A measure's deadlines are the ones
 * the scheduler watches (docs/ledger.md): its due date while owed (planned, in progress, rejected,
 * reopened), its 回头看 date while verified and not yet re-checked.
 */
export class OverdueMeasuresReader {
  constructor(private readonly db: Queryable) {}

  async page(f: OverdueMeasuresFilter): Promise<Page<OverdueMeasureRow>> {
    const where = new WhereClause();
    const p = where.param;
    where.add(`deadline_due <= ${p(f.warnUntil)}::date`);
    if (f.card === 'red') where.add(`deadline_due < ${p(f.today)}::date`);
    if (f.card === 'yellow') where.add(`deadline_due >= ${p(f.today)}::date`);
    if (f.unitScope) answeredBy(where, f.unitScope);
    if (f.unitId) answeredBy(where, f.unitId);
    if (f.kind) where.add(`kind = ${p(f.kind)}`);
    if (f.holderKind) where.add(`holder_kind = ${p(f.holderKind)}`);
    // The cursor names the filters it was handed out with (cursor-filters.ts): in another list it
    // would be read as a place there, skipping that list's rows before it. Not today, nor the day
    // the window ends on today (a list read across midnight goes on).
    const { today: _today, warnUntil: _warnUntil, cursor: _cursor, limit: _limit, ...filters } = f;
    const tag = filtersTag('overdue-measures', filters);
    if (f.cursor) {
      const [, due, holderId, measureId, kind] = decodeCursor(
        f.cursor,
        [
          isTag(tag),
          isLocalDate,
          (s) => HOLDER_ID.test(s),
          (s) => /^M\d{1,6}$/.test(s),
          (s) => (MEASURE_DEADLINE_KINDS as readonly string[]).includes(s),
        ],
        'cursor must be a nextCursor returned by this list with these filters',
      );
      where.add(`(deadline_due, holder_id, measure_id, kind) > (${p(due)}::date, ${p(holderId)}, ${p(measureId)}, ${p(kind)})`);
    }
    const owed = OPEN_MEASURE_STATUSES.map((s) => `'${s}'`).join(', ');
    return readPage(this.db, RECTIFICATIONS_READ_MODEL, {
      sql: `SELECT * FROM (
              SELECT m.*, 'measure_due' AS kind, m.due_date AS deadline_due, m.due_date::text AS due, m.due_carded_for = m.due_date AS carded
                FROM ${RECTIFICATION_MEASURES_TABLE} m WHERE NOT m.withdrawn AND m.status IN (${owed})
              UNION ALL
              SELECT m.*, 'recheck' AS kind, m.recheck_due AS deadline_due, m.recheck_due::text AS due, m.recheck_carded_for = m.recheck_due AS carded
                FROM ${RECTIFICATION_MEASURES_TABLE} m WHERE NOT m.withdrawn AND m.status = 'verified' AND m.recheck_due IS NOT NULL
            ) d
            ${where.sql}
            ORDER BY deadline_due, holder_id, measure_id, kind`,
      params: where.params,
      limit: f.limit,
      toItem,
      keyOf: (r) => [tag, r.due, r.holder_id, r.measure_id, r.kind] as string[],
    });
  }
}

function toItem(r: Record<string, unknown>): OverdueMeasureRow {
  return {
    ...measureIdentityOf(r),
    kind: r.kind as MeasureDeadlineKind,
    dueDate: r.due as string,
    deadlinePassedRecorded: r.carded === true,
  };
}
