import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/**
 * The query of the reference's GET /api/v1/cases, validated as a plain CRUD service would: a page
 * size and a keyset cursor (the last row's `received_at` and id, base64url JSON), as the API's
 * PageRequestDto takes them (apps/api/src/common/page.request.dto.ts).
 */
export class ComplaintPageDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,400}$/)
  cursor?: string;
}
