import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { INTERVIEW_ATTENDEES_MAX, SUPERVISION_LEVELS, type SupervisionLevel } from '@app/domain';
import { IsLocalDate } from '../../common/query-params';
import { OnlyWhen } from '../../common/only-when';
import { ID_PATTERN, NotBlank, RequiredText } from '../../common/text-fields';

/** A 约谈 as held: its day and who attended (officials by name and post). */
export class SupervisionInterviewDto {
  // A real date: 2026-02-30 is a 400 naming it (LocalDateField checks the shape only).
  @ApiProperty({ type: String, example: '2026-10-12', description: 'The day the 约谈 was held (not after today)' })
  @IsLocalDate()
  heldOn!: string;

  @ApiProperty({ type: [String], description: 'Who attended, e.g. 区市场监管局局长 张某', maxItems: INTERVIEW_ATTENDEES_MAX })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(INTERVIEW_ATTENDEES_MAX)
  @IsString({ each: true })
  @NotBlank({ each: true })
  @MaxLength(100, { each: true })
  attendees!: string[];
}

export class SuperviseRequestDto {
  @ApiProperty()
  @Matches(ID_PATTERN, { message: 'unitId must be a unit id' })
  unitId!: string;

  @ApiProperty({
    enum: SUPERVISION_LEVELS,
    description: 'urge 催办, supervise 督办, listed 挂牌督办, interview 约谈 (the unit’s head called in)',
  })
  @IsIn(SUPERVISION_LEVELS)
  level!: SupervisionLevel;

  @RequiredText(2000)
  note!: string;

  @ApiPropertyOptional({ type: SupervisionInterviewDto, description: 'Required with level interview (约谈): its day and attendees' })
  @ValidateIf((o: SuperviseRequestDto) => o.level === 'interview' || (o.interview !== undefined && o.interview !== null))
  @IsObject({
    message: ({ value }) =>
      value === undefined || value === null ? 'interview is required with level interview' : 'interview must be an object',
  })
  // With another level the interview would be dropped unseen: refused instead, as a contradiction.
  @OnlyWhen<SuperviseRequestDto>((o) => o.level === 'interview', 'interview is given only with level interview')
  @ValidateNested()
  @Type(() => SupervisionInterviewDto)
  interview?: SupervisionInterviewDto;
}
