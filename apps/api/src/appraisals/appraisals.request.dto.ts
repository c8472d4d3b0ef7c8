import { UNIT_KINDS, type UnitKind } from '@app/domain';
import { AfterPosition, OneOfParam } from '../common/query-params';

/** `?after=` on every appraisal query: read-your-writes on the position a command returned. */
export class AppraisalReadRequestDto {
  @AfterPosition()
  after?: string;
}

/** Filters of `GET /api/v1/appraisals/{year}`; each is validated (400 names the parameter). */
export class AppraisalTableRequestDto extends AppraisalReadRequestDto {
  @OneOfParam(UNIT_KINDS, { description: 'Only units of this kind (部门, 街镇, 窗口 are ranked separately)' })
  kind?: UnitKind;
}
