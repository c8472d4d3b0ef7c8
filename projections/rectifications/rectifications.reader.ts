import { beijingDateOf, DONE_MEASURE_STATUSES, isLocalDate, OPEN_MEASURE_STATUSES, type LocalDate } from '@app/domain';
import { filtersTag, isTag } from '../cursor-filters';
import { decodeCursor, readPage, type Page } from '../runner/keyset';
import { queryReadModel, type Queryable } from '../runner/read-model-query';
import { dayOrNull, instant, instantOrNull } from '../runner/row-values';
import { WhereClause } from '../runner/where-clause';

/** A case's id (a uuid) or a finding's (as its office numbers it). */
export const HOLDER_ID = /^[0-9A-Za-z][0-9A-Za-z_-]{0,63}$/;

/** The read model's name: its checkpoint, its rebuild, its errors. */
export const RECTIFICATIONS_READ_MODEL = 'rectifications';
/** Its views: one row per measure, one per finding. The DDL creates them, the projection fills them, only this reader reads them. */
export const RECTIFICATION_MEASURES_TABLE = 'rectification_measures';
export const RECTIFICATION_FINDINGS_TABLE = 'rectification_findings';

/**
 * What the ledger shows: the stored status, or `overdue` for a measure still owed (planned, in
 * progress, rejected, reopened) past its due date.
 */
export const MEASURE_STATUSES = ['planned', 'in_progress', 'overdue', 'reported', 'verified', 'rejected', 'rechecked', 'reopened'] as const;
export type ShownMeasureStatus = (typeof MEASURE_STATUSES)[number];
export const MEASURE_HOLDER_KINDS = ['case', 'finding'] as const;
export type MeasureHolderKind = (typeof MEASURE_HOLDER_KINDS)[number];

/** Which measures; every filter is optional and they combine with AND. Measures of a withdrawn finding are never shown. */
export interface RectificationFilter {
  /** Today in Beijing: what `overdue` is counted against. */
  today: LocalDate;
  /** The unit a unit caller is confined to: measures it is responsible for or leads (null: not confined). */
  unitScope: string | null;
  status?: ShownMeasureStatus;
  responsibleUnitId?: string;
  /** The unit that answers for the holder: a case's lead unit, the unit a finding is against. */
  leadUnitId?: string;
  holderKind?: MeasureHolderKind;
  campaignId?: string;
  findingCategory?: string;
  sizeClass?: string;
  measureCategory?: string;
  /** Due on or after (YYYY-MM-DD). */
  dueFrom?: string;
  /** Due on or before (YYYY-MM-DD). */
  dueTo?: string;
  cursor?: string;
  limit?: number;
}

/** One rectification measure (整改措施) as the ledger shows it. */
export interface RectificationItem {
  holderKind: MeasureHolderKind;
  /** The case that holds it, or null for a finding's measure. */
  caseId: string | null;
  /** The finding that holds it, or null for a case's measure. */
  findingId: string | null;
  measureId: string;
  description: string;
  responsibleUnitId: string;
  responsibleLeader: string;
  /**
   * The unit that answers for its holder: a case's lead unit (主办单位) now, as the case list has it
   * (null while its lead has disputed the dispatch and none is named yet), the unit a finding is against.
   */
  leadUnitId: string | null;
  /** A finding's: the campaign it came from, its problem category; null otherwise. */
  campaignId: string | null;
  findingCategory: string | null;
  /** A finding's measure's: 立即解决 / 督促解决 / 研究解决 / 向上反映, and its measure category; null for a case's. */
  sizeClass: string | null;
  measureCategory: string | null;
  dueDate: LocalDate;
  /** The due date got its red card (MeasureDeadlinePassed): not reported done by the end of that day. */
  dueCarded: boolean;
  status: ShownMeasureStatus;
  /** The last progress or completion report (进展情况). */
  progress: string | null;
  /** When the work was last reported done. */
  reportedAt: string | null;
  /** The last 验收 or 回头看 words: the approval's note, the rejection's or reopening's reason. */
  verdict: string | null;
  /** The day the 回头看 re-check is due by, once verified; and whether that day passed without one (carded). */
  recheckDue: LocalDate | null;
  recheckCarded: boolean;
  timesReported: number;
  /** Times the verification (验收) rejected the reported rectification. */
  timesRejected: number;
  plannedAt: string;
  updatedAt: string;
}

export interface RectificationPage extends Page<RectificationItem> {
  /** Today in Beijing, by the server's clock: what `overdue` is counted against. */
  today: LocalDate;
}

/** A finding as the ledger's 问题 column names it. */
export interface LedgerProblem {
  findingId: string;
  category: string;
  description: string;
  unitId: string;
  campaignId: string | null;
}

/** The ledger (整改台账): earliest due date first, then holder and measure. */
export class RectificationsReader {
  constructor(private readonly db: Queryable) {}

  async page(f: RectificationFilter): Promise<RectificationPage> {
    const where = whereOf(f);
    const p = where.param;
    // The cursor names the filters it was handed out with (cursor-filters.ts): in another list it
    // would be read as a place there, skipping that list's rows before it. Not today, which the
    // request does not choose (a list read across midnight goes on).
    const { cursor: _cursor, limit: _limit, today: _today, ...filters } = f;
    const tag = filtersTag(RECTIFICATIONS_READ_MODEL, filters);
    if (f.cursor) {
      const [, due, holderId, measureId] = decodeCursor(
        f.cursor,
        [isTag(tag), isLocalDate, (s) => HOLDER_ID.test(s), (s) => /^M\d{1,6}$/.test(s)],
        'cursor must be a nextCursor returned by this list with these filters',
      );
      where.add(`(due_date, holder_id, measure_id) > (${p(due)}::date, ${p(holderId)}, ${p(measureId)})`);
    }
    const page = await readPage(this.db, RECTIFICATIONS_READ_MODEL, {
      sql: `${shownMeasures(where)} ORDER BY due_date, holder_id, measure_id`,
      params: where.params,
      limit: f.limit,
      toItem,
      keyOf: (r) => [tag, r.due, r.holder_id, r.measure_id] as string[],
    });
    return { today: f.today, ...page };
  }

  /**
   * Every measure the filter selects, in the ledger's order, at most `max` (and whether there were
   * more): what an export writes, in one read.
   */
  async all(f: Omit<RectificationFilter, 'cursor' | 'limit'>, max: number): Promise<{ items: RectificationItem[]; truncated: boolean }> {
    const where = whereOf(f);
    const rows = await queryReadModel(
      this.db,
      RECTIFICATIONS_READ_MODEL,
      `${shownMeasures(where)} ORDER BY due_date, holder_id, measure_id LIMIT ${where.param(max + 1)}`,
      where.params,
    );
    return { items: rows.slice(0, max).map(toItem), truncated: rows.length > max };
  }

  /**
   * Per responsible unit, the measures of cases and findings due from `from` to `to` (Beijing dates,
   * inclusive; withdrawn findings' left out) whose deadline is judged at `asOf` (docs/rules.md,
   * deadline met or missed): met — standing done (reported, verified, re-checked), reported by the
   * end of its due day in Beijing — or with its due day ended in Beijing at `asOf`. A measure still
   * owed whose due day has not ended is not judged yet and not counted. Of those counted: the ones
   * that stand done, and the ones of them reported by the end of their due day. Units with none
   * absent.
   */
  async completionByUnit(from: string, to: string, asOf: Date): Promise<Map<string, { due: number; done: number; doneOnTime: number }>> {
    const done = DONE_MEASURE_STATUSES.map((s) => `'${s}'`).join(', ');
    const onTime = `status IN (${done}) AND (reported_at AT TIME ZONE 'Asia/Shanghai')::date <= due_date`;
    const rows = await queryReadModel(
      this.db,
      RECTIFICATIONS_READ_MODEL,
      `SELECT responsible_unit_id AS unit_id, count(*)::int AS due,
              count(*) FILTER (WHERE status IN (${done}))::int AS done,
              count(*) FILTER (WHERE ${onTime})::int AS on_time
         FROM ${RECTIFICATION_MEASURES_TABLE}
        WHERE NOT withdrawn AND due_date BETWEEN $1::date AND $2::date
          AND (due_date < $3::date OR (${onTime}))
        GROUP BY responsible_unit_id`,
      [from, to, beijingDateOf(asOf.toISOString())],
    );
    return new Map(
      rows.map((r) => [r.unit_id as string, { due: r.due as number, done: r.done as number, doneOnTime: r.on_time as number }]),
    );
  }

  /** The ids of the findings raised in a campaign, withdrawn ones included, in the order of their ids. */
  async findingsOf(campaignId: string): Promise<string[]> {
    const rows = await queryReadModel(
      this.db,
      RECTIFICATIONS_READ_MODEL,
      `SELECT finding_id FROM ${RECTIFICATION_FINDINGS_TABLE} WHERE campaign_id = $1 ORDER BY finding_id`,
      [campaignId],
    );
    return rows.map((r) => r.finding_id as string);
  }

  /** The findings named, for the ledger's 问题 column. */
  async problems(findingIds: readonly string[]): Promise<Map<string, LedgerProblem>> {
    if (findingIds.length === 0) return new Map();
    const rows = await queryReadModel(
      this.db,
      RECTIFICATIONS_READ_MODEL,
      `SELECT finding_id, category, description, unit_id, campaign_id FROM ${RECTIFICATION_FINDINGS_TABLE} WHERE finding_id = ANY($1::text[])`,
      [findingIds],
    );
    return new Map(
      rows.map((r) => [
        r.finding_id as string,
        {
          findingId: r.finding_id as string,
          category: r.category as string,
          description: r.description as string,
          unitId: r.unit_id as string,
          campaignId: (r.campaign_id as string | null) ?? null,
        },
      ]),
    );
  }
}

/** The filter's conditions; $1 is today, what `overdue` is counted against. */
function whereOf(f: Omit<RectificationFilter, 'cursor' | 'limit'>): WhereClause {
  const where = new WhereClause(f.today);
  const p = where.param;
  where.add('NOT withdrawn');
  if (f.unitScope) answeredBy(where, f.unitScope);
  if (f.status) where.add(`shown_status = ${p(f.status)}`);
  if (f.responsibleUnitId) where.add(`responsible_unit_id = ${p(f.responsibleUnitId)}`);
  if (f.leadUnitId) where.add(`lead_unit_id = ${p(f.leadUnitId)}`);
  if (f.holderKind) where.add(`holder_kind = ${p(f.holderKind)}`);
  if (f.campaignId) where.add(`campaign_id = ${p(f.campaignId)}`);
  if (f.findingCategory) where.add(`finding_category = ${p(f.findingCategory)}`);
  if (f.sizeClass) where.add(`size_class = ${p(f.sizeClass)}`);
  if (f.measureCategory) where.add(`measure_category = ${p(f.measureCategory)}`);
  if (f.dueFrom) where.add(`due_date >= ${p(f.dueFrom)}::date`);
  if (f.dueTo) where.add(`due_date <= ${p(f.dueTo)}::date`);
  return where;
}

/** The measures with their shown status (a measure still owed whose due day has ended in Beijing is overdue, 逾期未整改). */
function shownMeasures(where: WhereClause): string {
  const owed = OPEN_MEASURE_STATUSES.map((s) => `'${s}'`).join(', ');
  return `SELECT * FROM (
            SELECT m.*, m.due_date::text AS due, m.recheck_due::text AS recheck,
                   CASE WHEN m.status IN (${owed}) AND m.due_date < $1::date THEN 'overdue' ELSE m.status END AS shown_status
              FROM ${RECTIFICATION_MEASURES_TABLE} m) shown
          ${where.sql}`;
}

function toItem(r: Record<string, unknown>): RectificationItem {
  const due = r.due as string;
  const recheck = (r.recheck as string | null) ?? null;
  return {
    ...measureIdentityOf(r),
    findingCategory: (r.finding_category as string | null) ?? null,
    sizeClass: (r.size_class as string | null) ?? null,
    measureCategory: (r.measure_category as string | null) ?? null,
    dueDate: due,
    dueCarded: dayOrNull(r.due_carded_for) === due,
    status: r.shown_status as ShownMeasureStatus,
    progress: (r.progress as string | null) ?? null,
    reportedAt: instantOrNull(r.reported_at),
    verdict: (r.verdict as string | null) ?? null,
    recheckDue: recheck,
    recheckCarded: recheck !== null && dayOrNull(r.recheck_carded_for) === recheck,
    timesReported: r.times_reported as number,
    timesRejected: r.times_rejected as number,
    plannedAt: instant(r.planned_at),
    updatedAt: instant(r.updated_at),
  };
}

/** What names a measure, its holder and who answers for it, as every list of measures shows it. */
export type MeasureIdentity = Pick<
  RectificationItem,
  | 'holderKind'
  | 'caseId'
  | 'findingId'
  | 'measureId'
  | 'description'
  | 'responsibleUnitId'
  | 'responsibleLeader'
  | 'leadUnitId'
  | 'campaignId'
>;

/** A measure's identity from its row of `rectification_measures`. */
export function measureIdentityOf(r: Record<string, unknown>): MeasureIdentity {
  const finding = r.holder_kind === 'finding';
  return {
    holderKind: r.holder_kind as MeasureHolderKind,
    caseId: finding ? null : (r.holder_id as string),
    findingId: finding ? (r.holder_id as string) : null,
    measureId: r.measure_id as string,
    description: r.description as string,
    responsibleUnitId: r.responsible_unit_id as string,
    responsibleLeader: r.responsible_leader as string,
    leadUnitId: (r.lead_unit_id as string | null) ?? null,
    campaignId: (r.campaign_id as string | null) ?? null,
  };
}

/** Measures a unit answers for: it is responsible for them, or it leads their case now, or their finding is against it. */
export function answeredBy(where: WhereClause, unitId: string): void {
  const unit = where.param(unitId);
  where.add(`(responsible_unit_id = ${unit} OR lead_unit_id = ${unit})`);
}
