import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { OptionalText, RequiredText } from '../../common/text-fields';

export class ReportHandlingRequestDto {
  @RequiredText(10_000, 'What the unit found (问题查清)')
  factsFound!: string;

  @ApiProperty({ description: 'False for an interim report while facts are still being established' })
  @IsBoolean()
  factsEstablished!: boolean;

  @OptionalText(10_000, 'The handling result / answer to the complainant; absent in an interim report')
  result?: string | null;
}
