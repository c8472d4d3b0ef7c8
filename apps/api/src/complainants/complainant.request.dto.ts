import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { ERASURE_REASONS, IDENTITY_READ_PURPOSES, type ErasureReason, type IdentityReadPurpose } from '@app/domain';
import { NotBlank } from '../common/text-fields';

/** `?purpose=`: why the identity is read; recorded with the read. */
export class ReadComplainantRequestDto {
  @ApiProperty({ enum: IDENTITY_READ_PURPOSES, description: 'Why the identity is read; recorded in the access log' })
  @IsIn(IDENTITY_READ_PURPOSES)
  purpose!: IdentityReadPurpose;
}

export class EraseComplainantRequestDto {
  @ApiProperty({
    enum: ERASURE_REASONS,
    description: 'retention_ended (the case is closed or rejected and its retention period is over) or lawful_request (PIPL art. 47)',
  })
  @IsIn(ERASURE_REASONS)
  reason!: ErasureReason;
}

export class CaseStatusRequestDto {
  @ApiProperty({
    example: 'K7QM-2XRT-9FHD-3WPA',
    description: 'The query code (查询码) given at filing; case, spaces and hyphens do not matter',
  })
  // Blank is no code at all (400 naming it, as every required text), not a code looked up and not found (404).
  @IsString()
  @NotBlank()
  @MaxLength(64)
  queryCode!: string;
}
