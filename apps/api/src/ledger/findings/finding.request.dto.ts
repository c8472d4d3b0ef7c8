import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { FINDING_SOURCE_KINDS, RAISER_KINDS, raiserIsPerson, type RaiserKind } from '@app/domain';
import { ID_PATTERN, OptionalText, RequiredText } from '../../common/text-fields';
import { IsInstant, IsLocalDate } from '../../common/query-params';
import { IsCalendarDate } from '../../common/calendar-date';
import { OfKind, OnlyWhen } from '../../common/only-when';
import { IsPhone } from '../../common/phone';

// Shapes only: categories, size classes, due dates and the measures' states are the finding's rules (422 with their code).

export class FindingSourceDto {
  @ApiProperty({
    enum: FINDING_SOURCE_KINDS,
    example: 'campaign',
    description: 'A campaign, or standalone: 明查暗访, 批示, 企业走访, a case',
  })
  @IsIn(FINDING_SOURCE_KINDS)
  kind!: (typeof FINDING_SOURCE_KINDS)[number];

  // Each id only with its kind: a case id beside an inspection would be dropped unseen.
  @ApiPropertyOptional({ description: 'kind campaign: the campaign (a uuid)' })
  @OfKind<FindingSourceDto>('campaign')
  @IsUUID()
  @MaxLength(36)
  campaignId?: string;

  @ApiPropertyOptional({ description: 'kind case: the complaint case the finding follows from (a uuid)' })
  @OfKind<FindingSourceDto>('case')
  @IsUUID()
  @MaxLength(36)
  caseId?: string;
}

/**
 * Who raised the finding. A person's name and phone are sealed in the ledger's people store and only
 * a reference goes into the log; an enterprise's or an office's name is no personal data and is the
 * reference itself, kept with nothing else: no phone (docs/ledger.md#who-raised-it).
 */
export class RaisedByDto {
  @ApiProperty({ enum: RAISER_KINDS, example: 'enterprise' })
  @IsIn(RAISER_KINDS)
  kind!: RaiserKind;

  @RequiredText(
    200,
    'The person’s name (sealed), or the enterprise’s or office’s, recorded in the log as it is: no contact person there (raise as a citizen to keep a person sealed)',
  )
  name!: string;

  // A person's only (member, inspector, citizen): an organisation is kept by its name, the reference
  // itself, and nothing else is stored, so a phone beside it would be dropped unseen. Null is none.
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '13800000000',
    description: 'A person’s phone (kind member, inspector or citizen), kept sealed; refused with an enterprise or an office',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @OnlyWhen<RaisedByDto>(
    (o) => !RAISER_KINDS.includes(o.kind) || raiserIsPerson(o.kind),
    (field) =>
      `${field} is given only for a person (kind member, inspector or citizen): an enterprise or an office is kept by its name alone, which is recorded as it is`,
  )
  @IsPhone()
  phone?: string | null;
}

export class RaiseFindingRequestDto {
  @ApiProperty({ type: FindingSourceDto })
  @IsObject()
  @ValidateNested()
  @Type(() => FindingSourceDto)
  source!: FindingSourceDto;

  @ApiProperty({ example: 'dept-market', description: 'The unit the finding is against' })
  @Matches(ID_PATTERN, { message: 'unitId must be a unit id' })
  unitId!: string;

  @ApiProperty({ example: 'cumbersome_approval', description: 'A code of the configured finding categories (GET /api/v1/admin/ledger)' })
  @IsString()
  @MaxLength(100)
  category!: string;

  @RequiredText(4000, 'The problem (问题) as raised')
  description!: string;

  @ApiProperty({ type: RaisedByDto })
  @IsObject()
  @ValidateNested()
  @Type(() => RaisedByDto)
  raisedBy!: RaisedByDto;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'When it was raised (e.g. at the meeting), with its offset; default now',
  })
  @IsOptional()
  @IsInstant('calendar')
  @MaxLength(40)
  raisedAt?: string;
}

export class WithdrawFindingRequestDto {
  @RequiredText(2000, 'Why the finding was raised in error')
  reason!: string;
}

/**
 * One of the two forms of `MeasureDueDto`, and not the other's field: a date sent beside workingDays
 * (or a from beside a date) would be ignored unseen.
 */
const OnlyWith = (form: 'date' | 'workingDays', message: string) =>
  OnlyWhen<MeasureDueDto>((due) => (form === 'date' ? due.workingDays === undefined : due.workingDays !== undefined), message);

/** A due date: a date, or a number of working days from a date. */
export class MeasureDueDto {
  @ApiPropertyOptional({ example: '2026-12-31', description: 'The last day (or give workingDays and from)' })
  @ValidateIf((o: MeasureDueDto) => o.workingDays === undefined || o.date !== undefined)
  @OnlyWith('date', 'due.date and due.workingDays are two ways to give the due date: give one')
  @IsLocalDate({
    message: ({ value }) =>
      value === undefined
        ? 'due.date is required (or give workingDays and from)'
        : 'due.date must be a date YYYY-MM-DD (or give workingDays and from)',
  })
  @IsCalendarDate()
  date?: string;

  @ApiPropertyOptional({ type: 'integer', example: 20, description: 'Working days counted on the official calendar from `from`' })
  @IsOptional()
  @IsInt()
  workingDays?: number;

  @ApiPropertyOptional({ example: '2026-11-20' })
  @ValidateIf((o: MeasureDueDto) => o.workingDays !== undefined || o.from !== undefined)
  @OnlyWith('workingDays', 'due.from is the day workingDays count from: give it only with workingDays')
  @IsLocalDate({ message: 'due.from must be a date YYYY-MM-DD' })
  @IsCalendarDate()
  from?: string;
}

const Due = (description: string) =>
  applyDecorators(
    ApiProperty({ type: MeasureDueDto, description }),
    IsObject(),
    ValidateNested(),
    Type(() => MeasureDueDto),
  );

export class MeasureProposalDto {
  @RequiredText(2000, '整改措施')
  description!: string;

  @ApiProperty({ example: 'dept-market', description: '责任单位' })
  @Matches(ID_PATTERN, { message: 'responsibleUnitId must be a unit id' })
  responsibleUnitId!: string;

  @RequiredText(100, '责任领导')
  responsibleLeader!: string;

  @Due('完成时限')
  due!: MeasureDueDto;

  @ApiProperty({ example: 'immediate', description: '立即解决 immediate, 督促解决 supervised, 研究解决 studied, 向上反映 escalated' })
  @IsString()
  @MaxLength(40)
  sizeClass!: string;

  @ApiProperty({ example: 'approval_streamlining', description: 'A code of the configured measure categories' })
  @IsString()
  @MaxLength(100)
  category!: string;
}

export class PlanMeasuresRequestDto {
  @ApiProperty({ type: [MeasureProposalDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true, message: '$property must hold only objects' })
  @ValidateNested({ each: true })
  @Type(() => MeasureProposalDto)
  measures!: MeasureProposalDto[];
}

export class MeasureProgressRequestDto {
  @RequiredText(4000, '进展情况')
  progress!: string;
}

export class MeasureCompletionRequestDto {
  @RequiredText(4000, 'What was done (完成情况)')
  report!: string;
}

export class VerifyMeasureRequestDto {
  @OptionalText(2000, '验收意见')
  note?: string | null;
}

export class RejectMeasureRequestDto {
  @RequiredText(2000, 'Why the rectification is not accepted')
  reason!: string;
}

export class RecheckMeasureRequestDto {
  @ApiProperty({ description: 'true: the rectification held (回头看 confirmed); false: reopen the measure' })
  @IsBoolean()
  confirmed!: boolean;

  @OptionalText(2000, 'The re-check’s note; when reopening, the reason (required then)')
  note?: string | null;

  @ApiPropertyOptional({
    type: MeasureDueDto,
    description: 'When reopening (confirmed: false): the new due date; refused beside confirmed: true',
  })
  // A re-check that holds reopens nothing: a new due date beside it would be dropped unseen.
  @OnlyWhen<RecheckMeasureRequestDto>((o) => o.confirmed === false, 'newDue is given only with confirmed: false (reopening the measure)')
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MeasureDueDto)
  newDue?: MeasureDueDto;
}
