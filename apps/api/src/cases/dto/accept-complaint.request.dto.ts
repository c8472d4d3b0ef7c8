import { OptionalText } from '../../common/text-fields';

export class AcceptComplaintRequestDto {
  @OptionalText(2000)
  note?: string | null;
}
