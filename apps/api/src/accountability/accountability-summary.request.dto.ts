import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { AfterPosition, DigitsToNumber } from '../common/query-params';

/** The years the register answers for. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** `GET /api/v1/accountability/summary?year=`: the year is required. */
export class AccountabilitySummaryRequestDto {
  @ApiProperty({ type: 'integer', minimum: MIN_YEAR, maximum: MAX_YEAR, description: 'Year of issue, Beijing time' })
  @DigitsToNumber()
  @IsInt({ message: 'year must be a year, e.g. 2026' })
  @Min(MIN_YEAR)
  @Max(MAX_YEAR)
  year!: number;

  @AfterPosition()
  after?: string;
}
