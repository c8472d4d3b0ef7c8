import { MEASURE_DEADLINE_KINDS, type MeasureDeadlineKind } from '@app/domain';
import type { OverdueMeasuresFilter } from '@app/projections/rectifications/overdue-measures.reader';
import { MEASURE_HOLDER_KINDS, type MeasureHolderKind } from '@app/projections/rectifications/rectifications.reader';
import { OneOfParam } from '../common/query-params';
import { RegisteredUnitParam } from '../units/registered-unit-filter';
import { CardWindowRequestDto } from './list-overdue.request.dto';

/** Filters and paging of `GET /api/v1/overdue/measures`; every one is validated (400 names the parameter). */
export class ListOverdueMeasuresRequestDto
  extends CardWindowRequestDto
  implements Omit<OverdueMeasuresFilter, 'today' | 'warnUntil' | 'warningWorkingDays' | 'unitScope'>
{
  @RegisteredUnitParam('Deadlines of measures this unit is responsible for or answers for')
  unitId?: string;

  @OneOfParam(MEASURE_DEADLINE_KINDS, { description: 'measure_due 完成时限, or recheck 回头看' })
  kind?: MeasureDeadlineKind;

  @OneOfParam(MEASURE_HOLDER_KINDS, { description: "Only a case's measures, or only a finding's" })
  holderKind?: MeasureHolderKind;
}
