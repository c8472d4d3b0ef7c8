import { RequiredText } from '../../common/text-fields';

export class DisputeDispatchRequestDto {
  @RequiredText(2000, 'Why this is not the unit’s duty (退单理由)')
  reason!: string;
}
