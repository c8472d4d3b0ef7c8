import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, Matches } from 'class-validator';
import { OptionalText } from '../../common/text-fields';

export class VerifyRectificationRequestDto {
  @ApiProperty({ example: 'M1' })
  @Matches(/^M[1-9]\d{0,3}$/, { message: 'measureId must be a measure id such as M1' })
  measureId!: string;

  @ApiProperty({ description: 'false rejects the measure (验收不通过): the unit must rectify and report again' })
  @IsBoolean()
  approve!: boolean;

  @OptionalText(2000, 'Required when rejecting')
  note?: string | null;
}
