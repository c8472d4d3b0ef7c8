import { AfterPosition } from '../common/query-params';

/** GET /api/v1/units: the whole registry (a few hundred units at most), no paging. */
export class ListUnitsRequestDto {
  /**
   * Accepted as every list accepts it, and refused past the end of the log as every list refuses it;
   * never waited for: the registry is read from the log, which already holds any command answered.
   */
  @AfterPosition()
  after?: string;
}
