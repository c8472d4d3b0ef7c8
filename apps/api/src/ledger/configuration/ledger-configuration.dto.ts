import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';

/** One entry of a configured list. Shapes only: the code's form and the label's presence are the domain's rules (422). */
export class LedgerEntryBody {
  @ApiProperty({ example: 'democratic_appraisal' })
  @IsString()
  @MaxLength(100)
  code!: string;

  @ApiProperty({ example: '民主评议' })
  @IsString()
  @MaxLength(100)
  label!: string;
}

/** A configured list: bounded, each entry checked. */
const EntryList = (description: string) =>
  applyDecorators(
    ApiProperty({ type: [LedgerEntryBody], description }),
    IsArray(),
    ArrayMaxSize(200),
    IsObject({ each: true, message: '$property must hold only objects' }),
    ValidateNested({ each: true }),
    Type(() => LedgerEntryBody),
  );

/** The whole ledger configuration: it replaces the one in force. */
export class PublishLedgerConfigurationBody {
  @EntryList('Kinds of campaign (评议活动 / 专项督查)')
  campaignKinds!: LedgerEntryBody[];

  @EntryList('Categories of a finding (问题类别)')
  findingCategories!: LedgerEntryBody[];

  @EntryList('Categories of a measure (整改措施类别)')
  measureCategories!: LedgerEntryBody[];

  @ApiProperty({ type: 'integer', example: 60, description: 'Working days after 验收 by which the 回头看 is due' })
  @IsInt()
  recheckAfterWorkingDays!: number;
}
