import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import type { AccountabilityForm } from '@app/domain';
import { PG_POOL } from '@app/platform';
import { decodeCursor, pageOf, queryReadModel, UUID } from '../common/read-model-page';
import type { ListAccountabilityRequestDto } from './list-accountability.request.dto';

/** One entry of the accountability register (问责台账). */
export interface AccountabilityEntry {
  caseId: string;
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

export interface AccountabilityPage {
  /** Latest issued first. */
  items: AccountabilityEntry[];
  /** Pass as `cursor` for the next page (keyset); null on the last one. */
  nextCursor: string | null;
}

export class ListAccountabilityQuery extends Query<AccountabilityPage> {
  constructor(readonly filters: ListAccountabilityRequestDto) {
    super();
  }
}

@QueryHandler(ListAccountabilityQuery)
export class ListAccountabilityHandler implements IQueryHandler<ListAccountabilityQuery, AccountabilityPage> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute({ filters: f }: ListAccountabilityQuery): Promise<AccountabilityPage> {
    const params: unknown[] = [];
    const p = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (f.unitId) where.push(`unit_id = ${p(f.unitId)}`);
    if (f.personName) where.push(`strpos(person_name, ${p(f.personName)}) > 0`);
    if (f.targetKind) where.push(`target_kind = ${p(f.targetKind)}`);
    if (f.form) where.push(`${p(f.form)} = ANY(forms)`);
    if (f.year !== undefined) where.push(`issued_year = ${p(f.year)}`);
    if (f.cursor) {
      const [issuedAt, caseId, accountabilityId] = decodeCursor(f.cursor, [
        (s) => !Number.isNaN(Date.parse(s)),
        (s) => UUID.test(s),
        (s) => s.length > 0 && s.length <= 128,
      ]);
      where.push(`(issued_at, case_id, accountability_id) < (${p(issuedAt)}::timestamptz, ${p(caseId)}::uuid, ${p(accountabilityId)})`);
    }
    const limit = f.limit ?? 20;
    const rows = await queryReadModel(
      this.pool,
      'accountability',
      `SELECT * FROM accountability_register ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY issued_at DESC, case_id DESC, accountability_id DESC LIMIT ${p(limit + 1)}`,
      params,
    );
    return pageOf(rows, limit, toEntry, (r) => [(r.issued_at as Date).toISOString(), r.case_id, r.accountability_id] as string[]);
  }
}

function toEntry(r: Record<string, unknown>): AccountabilityEntry {
  const unitId = r.unit_id as string;
  return {
    caseId: r.case_id as string,
    accountabilityId: r.accountability_id as string,
    target:
      r.target_kind === 'person'
        ? { kind: 'person', unitId, name: r.person_name as string, position: r.person_position as string }
        : { kind: 'organisation', unitId },
    forms: r.forms as AccountabilityForm[],
    basis: { facts: r.basis_facts as string, rule: r.basis_rule as string },
    issuedAt: (r.issued_at as Date).toISOString(),
    year: r.issued_year as number,
    issuedBy: r.issued_by as string,
  };
}
