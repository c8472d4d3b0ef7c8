import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { RequiredText } from '../../common/text-fields';

export class ReportRectificationRequestDto {
  @ApiProperty({ example: 'M1' })
  @Matches(/^M[1-9]\d{0,3}$/, { message: 'measureId must be a measure id such as M1' })
  measureId!: string;

  @RequiredText(10_000)
  report!: string;
}
