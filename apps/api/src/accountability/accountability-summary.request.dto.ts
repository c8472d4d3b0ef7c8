import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** The years the register answers for. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** `GET /api/v1/accountability/summary?year=`: the year is required. */
export class AccountabilitySummaryRequestDto {
  @ApiProperty({ minimum: MIN_YEAR, maximum: MAX_YEAR, description: 'Year of issue, Beijing time' })
  @Type(() => Number)
  @IsInt({ message: 'year must be a year, e.g. 2026' })
  @Min(MIN_YEAR)
  @Max(MAX_YEAR)
  year!: number;

  @ApiPropertyOptional({ description: 'Wait until the summary reflects this global position (a command’s `position`)' })
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'after must be a position returned by a command' })
  after?: string;
}
