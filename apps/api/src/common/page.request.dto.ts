import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_CURSOR_LENGTH } from '@app/projections/runner/keyset';
import { AfterPosition, DigitsToNumber } from './query-params';

/** What every paged read-model query accepts: page size, keyset cursor, and read-your-writes. */
export class PageRequestDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @DigitsToNumber()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  // As long as the longest cursor a list hands out (MAX_CURSOR_LENGTH), and no longer: what is longer is refused at once.
  @Matches(new RegExp(`^[A-Za-z0-9_-]{1,${MAX_CURSOR_LENGTH}}$`), { message: 'cursor must be a nextCursor returned by this list' })
  cursor?: string;

  @AfterPosition()
  after?: string;
}
