import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** What every paged read-model query accepts: page size, keyset cursor, and read-your-writes. */
export class PageRequestDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,400}$/, { message: 'cursor must be a nextCursor returned by this list' })
  cursor?: string;

  @ApiPropertyOptional({ description: 'Wait until the read model reflects this global position (a command’s `position`)' })
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'after must be a position returned by a command' })
  after?: string;
}
