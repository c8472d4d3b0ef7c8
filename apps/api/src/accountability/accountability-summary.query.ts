import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import type { AccountabilityForm } from '@app/domain';
import { PG_POOL } from '@app/platform';
import { queryReadModel } from '../common/read-model-page';

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

export class AccountabilitySummaryQuery extends Query<AccountabilitySummary> {
  constructor(readonly year: number) {
    super();
  }
}

@QueryHandler(AccountabilitySummaryQuery)
export class AccountabilitySummaryHandler implements IQueryHandler<AccountabilitySummaryQuery, AccountabilitySummary> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute({ year }: AccountabilitySummaryQuery): Promise<AccountabilitySummary> {
    const [byForm, byUnit] = await Promise.all([
      queryReadModel(
        this.pool,
        'accountability',
        `SELECT form, count(*)::int AS entries FROM accountability_register, unnest(forms) AS form
          WHERE issued_year = $1 GROUP BY form ORDER BY entries DESC, form`,
        [year],
      ),
      queryReadModel(
        this.pool,
        'accountability',
        `SELECT unit_id, count(*)::int AS entries,
                count(*) FILTER (WHERE target_kind = 'organisation')::int AS organisation,
                count(*) FILTER (WHERE target_kind = 'person')::int AS persons
           FROM accountability_register WHERE issued_year = $1 GROUP BY unit_id ORDER BY entries DESC, unit_id`,
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
