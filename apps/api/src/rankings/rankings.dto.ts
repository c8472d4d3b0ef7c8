import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { UNIT_KINDS } from '@app/domain';
import { AfterPosition } from '../common/query-params';
import { NotBlank } from '../common/text-fields';
import { PERIOD_PATTERN } from './ranking-period';
import { RANK_BY_FIGURES, type RankByFigure } from './ranking-figures';

/** `POST /api/v1/rankings`: which league table to compute and publish now. */
export class PublishRankingRequestDto {
  @ApiProperty({
    description: 'A month (`2026-11`) or a year (`2026`), from 2000; one that has not begun (Beijing time) is 422 RANKING_PERIOD_NOT_BEGUN',
    example: '2026-11',
  })
  @IsString()
  @Matches(PERIOD_PATTERN, { message: 'period must be a month (YYYY-MM) or a year (YYYY), from 2000' })
  period!: string;

  @ApiProperty({ enum: UNIT_KINDS, description: 'The kind of units ranked against each other' })
  @IsIn(UNIT_KINDS)
  unitKind!: string;

  @ApiPropertyOptional({
    enum: RANK_BY_FIGURES,
    isArray: true,
    description: 'The rates ranked by, in turn, higher first (default: all four in this order)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(RANK_BY_FIGURES.length)
  @ArrayUnique()
  @IsIn(RANK_BY_FIGURES, { each: true })
  rankBy?: RankByFigure[];

  @ApiPropertyOptional({ description: 'The bulletin’s title (default: made from the period and the kind)', maxLength: 100 })
  @IsOptional()
  @IsString()
  @NotBlank()
  @MaxLength(100)
  title?: string;

  /** Read-your-writes: computed once the read models have applied the log up to this position (a command's `position`). */
  @AfterPosition()
  after?: string;
}

/** `POST /api/v1/rankings/{id}/amend`: compute the ranking again now and record the differences, with why. */
export class AmendRankingRequestDto {
  @ApiProperty({ description: 'Why the published ranking is corrected (更正原因)', maxLength: 500 })
  @IsString()
  @NotBlank()
  @MaxLength(500)
  reason!: string;

  /** Read-your-writes: computed once the read models have applied the log up to this position (a command's `position`). */
  @AfterPosition()
  after?: string;
}
