import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { NotBlank } from '../common/text-fields';

/**
 * Shapes only: a date's validity, the year it falls in, weekdays and ranges are the domain's rules
 * and answer 422 with their code (INVALID_CALENDAR_DATE, …), not 400.
 */
export class PublishCalendarYearBody {
  @ApiProperty({ example: ['2027-01-01'], description: 'Days off (YYYY-MM-DD, all in the year of the path)' })
  @IsArray()
  @ArrayMaxSize(366)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  holidays!: string[];

  @ApiProperty({ example: ['2027-02-20'], description: 'Saturdays and Sundays made working days (调休上班)' })
  @IsArray()
  @ArrayMaxSize(366)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  makeUpWorkdays!: string[];

  @ApiProperty({ example: '国务院办公厅关于2027年部分节假日安排的通知', description: 'Which notice, or why amended' })
  @IsString()
  @NotBlank()
  @MaxLength(500)
  note!: string;
}

export class CaseCategoryBody {
  @ApiProperty({ example: 'enquiry' })
  @IsString()
  @MaxLength(100)
  code!: string;

  @ApiProperty({ example: '政策咨询' })
  @IsString()
  @MaxLength(100)
  label!: string;

  @ApiProperty({ type: 'integer', example: 3 })
  @IsInt()
  handlingWorkingDays!: number;
}

export class PublishTimeLimitPolicyBody {
  @ApiProperty({ type: [CaseCategoryBody] })
  @IsArray()
  @ArrayMaxSize(500)
  @IsObject({ each: true, message: '$property must hold only objects' })
  @ValidateNested({ each: true })
  @Type(() => CaseCategoryBody)
  categories!: CaseCategoryBody[];

  @ApiProperty({ type: 'integer', example: 1 })
  @IsInt()
  signForWorkingDays!: number;

  @ApiProperty({
    type: 'object',
    // Keyed by urgency; an unknown one is the decider's 422 UNKNOWN_URGENCY, so the document does not refuse it first.
    additionalProperties: {
      type: 'object',
      properties: { signForWorkingDays: { type: 'integer' }, handlingWorkingDays: { type: 'integer' } },
    },
    example: { emergency: { signForWorkingDays: 0, handlingWorkingDays: 0 } },
    description: 'Per urgency (normal, urgent, emergency): signForWorkingDays and/or handlingWorkingDays',
  })
  @IsObject()
  urgencyOverrides!: Record<string, Record<string, unknown>>;
}

/** The limits an urgency override may set, each a whole number of working days. */
const OVERRIDE_LIMITS = ['signForWorkingDays', 'handlingWorkingDays'] as const;

/**
 * The limits of `urgencyOverrides` given as something other than a whole number (`"5"`, `null`,
 * `0.5`), each named by its path: a 400, as the same mistake in `categories[i].handlingWorkingDays`
 * is (`@IsInt`), which the DTO cannot say of a field under a key it does not know in advance. An
 * unknown urgency or limit, an override that is no object and a whole number out of range are the
 * decider's rules (422: UNKNOWN_URGENCY, INVALID_URGENCY_OVERRIDE, INVALID_TIME_LIMIT).
 */
export function urgencyOverrideTypeErrors(urgencyOverrides: Record<string, unknown>): Array<{ field: string; message: string }> {
  const errors: Array<{ field: string; message: string }> = [];
  for (const [urgency, override] of Object.entries(urgencyOverrides)) {
    if (typeof override !== 'object' || override === null || Array.isArray(override)) continue;
    for (const limit of OVERRIDE_LIMITS) {
      const value = (override as Record<string, unknown>)[limit];
      if (value === undefined || Number.isInteger(value)) continue;
      const field = `urgencyOverrides.${urgency}.${limit}`;
      const given = typeof value === 'string' ? `text: "${value}"` : typeof value === 'number' ? String(value) : JSON.stringify(value);
      errors.push({
        field,
        message:
          typeof value === 'number'
            ? `${field} must be a whole number of working days, not ${given}`
            : `${field} must be a whole number of working days (a number, not ${given})`,
      });
    }
  }
  return errors;
}

/** What a publication answers. */
export interface PublicationResult {
  /** `2027:admin@3` for a calendar year, `time-limits@2` for the policy. */
  version: string;
  /** Global position of the publication event (a bigint, as a string). */
  position: string;
  revision: number;
}
