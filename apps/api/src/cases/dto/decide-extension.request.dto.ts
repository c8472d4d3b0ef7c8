import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, Matches } from 'class-validator';
import { ID_PATTERN, RequiredText } from '../../common/text-fields';

export class DecideExtensionRequestDto {
  @ApiProperty({ description: 'The unit whose request is decided' })
  @Matches(ID_PATTERN, { message: 'unitId must be a unit id' })
  unitId!: string;

  @ApiProperty()
  @IsBoolean()
  approve!: boolean;

  @RequiredText(2000)
  reason!: string;
}
