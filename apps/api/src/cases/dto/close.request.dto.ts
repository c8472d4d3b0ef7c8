import { OptionalText } from '../../common/text-fields';

export class CloseRequestDto {
  @OptionalText(2000, 'Required when no accountability was issued on the case')
  accountabilityNotRequiredReason?: string | null;
}
