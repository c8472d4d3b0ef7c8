import type { AccountabilityForm } from '@app/domain';
import { filtersTag, isTag } from '../cursor-filters';
import { decodeCursor, isInstant, KEY_ID, readPage, type Page } from '../runner/keyset';
import { queryReadModel, type Queryable } from '../runner/read-model-query';
import { instant } from '../runner/row-values';
import { WhereClause } from '../runner/where-clause';

/** A case's id (a uuid) or a finding's (as its office numbers it), in a cursor. */
const HOLDER_ID = /^[0-9A-Za-z][0-9A-Za-z._:@-]{0,127}$/;

/** The read model's name: its checkpoint, its rebuild, its errors. */
export const ACCOUNTABILITY_READ_MODEL = 'accountability';
/** Its view, one row per decision: the DDL creates it, the projection fills it, only this reader reads it. */
export const ACCOUNTABILITY_REGISTER_TABLE = 'accountability_register';

export const TARGET_KINDS = ['organisation', 'person'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** Which entries; every filter is optional and they combine with AND. */
export interface AccountabilityFilter {
  /** Against this unit or against officials of it. */
  unitId?: string;
  /** Against officials whose name contains this. */
  personName?: string;
  targetKind?: TargetKind;
  /** Entries that include this form. */
  form?: AccountabilityForm;
  /** Year of issue, Beijing time. */
  year?: number;
  cursor?: string;
  limit?: number;
}

/** One entry of the accountability register (问责台账). */
export interface AccountabilityEntry {
  /** The case it was issued on, or null when issued on a finding of the ledger. */
  caseId: string | null;
  /** The finding (问题) it was issued on, or null when issued on a case. */
  findingId: string | null;
  accountabilityId: string;
  /** An organisation (the unit itself) or a named official of the unit. */
  target: { kind: 'organisation'; unitId: string } | { kind: 'person'; unitId: string; name: string; position: string };
  forms: AccountabilityForm[];
  basis: { facts: string; rule: string };
  issuedAt: string;
  /** The year of issue in Beijing. */
  year: number;
  /** The discipline-office actor who issued it. */
  issuedBy: string;
}

/** Latest issued first. */
export type AccountabilityPage = Page<AccountabilityEntry>;

/** A year of accountability (问责) in counts, for leaders and the appraisal office. */
export interface AccountabilitySummary {
  year: number;
  /** Register entries issued in the year (one decision may combine several forms). */
  entries: number;
  /** Entries that include each form: a combined decision counts under each of its forms, so these may add up to more than `entries`. */
  byForm: Array<{ form: AccountabilityForm; entries: number }>;
  /** Entries per unit, against the unit itself and against its officials. */
  byUnit: Array<{ unitId: string; entries: number; againstOrganisation: number; againstPersons: number }>;
}

/** The accountability register (问责台账): its entries a page at a time, and a year in counts. */
export class AccountabilityReader {
  constructor(private readonly db: Queryable) {}

  async page(f: AccountabilityFilter): Promise<AccountabilityPage> {
    const where = new WhereClause();
    const p = where.param;
    if (f.unitId) where.add(`unit_id = ${p(f.unitId)}`);
    if (f.personName) where.add(`strpos(person_name, ${p(f.personName)}) > 0`);
    if (f.targetKind) where.add(`target_kind = ${p(f.targetKind)}`);
    if (f.form) where.add(`${p(f.form)} = ANY(forms)`);
    if (f.year !== undefined) where.add(`issued_year = ${p(f.year)}`);
    // The cursor names the filters it was handed out with (cursor-filters.ts): in another list it
    // would be read as a place there, skipping that list's rows before it.
    const { cursor: _cursor, limit: _limit, ...filters } = f;
    const tag = filtersTag(ACCOUNTABILITY_READ_MODEL, filters);
    if (f.cursor) {
      const [, issuedAt, holderId, accountabilityId] = decodeCursor(
        f.cursor,
        [
          isTag(tag),
          isInstant,
          (s) => HOLDER_ID.test(s),
          // Not any text: a NUL would fail the query in PostgreSQL (500) rather than refuse the cursor.
          (s) => KEY_ID.test(s),
        ],
        'cursor must be a nextCursor returned by this list with these filters',
      );
      where.add(`(issued_at, holder_id, accountability_id) < (${p(issuedAt)}::timestamptz, ${p(holderId)}, ${p(accountabilityId)})`);
    }
    return readPage(this.db, ACCOUNTABILITY_READ_MODEL, {
      sql: `SELECT * FROM ${ACCOUNTABILITY_REGISTER_TABLE} ${where.sql} ORDER BY issued_at DESC, holder_id DESC, accountability_id DESC`,
      params: where.params,
      limit: f.limit,
      toItem: toEntry,
      keyOf: (r) => [tag, instant(r.issued_at), r.holder_id as string, r.accountability_id as string],
    });
  }

  /** Decisions per unit issued from `from` to `to` (Beijing dates, inclusive), on cases and findings alike; units with none absent. */
  async issuedByUnit(from: string, to: string): Promise<Map<string, number>> {
    const rows = await queryReadModel(
      this.db,
      ACCOUNTABILITY_READ_MODEL,
      `SELECT unit_id, count(*)::int AS entries FROM ${ACCOUNTABILITY_REGISTER_TABLE}
        WHERE (issued_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1::date AND $2::date GROUP BY unit_id`,
      [from, to],
    );
    return new Map(rows.map((r) => [r.unit_id as string, r.entries as number]));
  }

  async summary(year: number): Promise<AccountabilitySummary> {
    const [byForm, byUnit] = await Promise.all([
      queryReadModel(
        this.db,
        ACCOUNTABILITY_READ_MODEL,
        `SELECT form, count(*)::int AS entries FROM ${ACCOUNTABILITY_REGISTER_TABLE}, unnest(forms) AS form
          WHERE issued_year = $1 GROUP BY form ORDER BY entries DESC, form`,
        [year],
      ),
      queryReadModel(
        this.db,
        ACCOUNTABILITY_READ_MODEL,
        `SELECT unit_id, count(*)::int AS entries,
                count(*) FILTER (WHERE target_kind = 'organisation')::int AS organisation,
                count(*) FILTER (WHERE target_kind = 'person')::int AS persons
           FROM ${ACCOUNTABILITY_REGISTER_TABLE} WHERE issued_year = $1 GROUP BY unit_id ORDER BY entries DESC, unit_id`,
        [year],
      ),
    ]);
    return {
      year,
      entries: byUnit.reduce((sum, u) => sum + (u.entries as number), 0),
      byForm: byForm.map((f) => ({ form: f.form as AccountabilityForm, entries: f.entries as number })),
      byUnit: byUnit.map((u) => ({
        unitId: u.unit_id as string,
        entries: u.entries as number,
        againstOrganisation: u.organisation as number,
        againstPersons: u.persons as number,
      })),
    };
  }
}

function toEntry(r: Record<string, unknown>): AccountabilityEntry {
  const unitId = r.unit_id as string;
  return {
    caseId: (r.case_id as string | null) ?? null,
    findingId: (r.finding_id as string | null) ?? null,
    accountabilityId: r.accountability_id as string,
    target:
      r.target_kind === 'person'
        ? { kind: 'person', unitId, name: r.person_name as string, position: r.person_position as string }
        : { kind: 'organisation', unitId },
    forms: r.forms as AccountabilityForm[],
    basis: { facts: r.basis_facts as string, rule: r.basis_rule as string },
    issuedAt: instant(r.issued_at),
    year: r.issued_year as number,
    issuedBy: r.issued_by as string,
  };
}
