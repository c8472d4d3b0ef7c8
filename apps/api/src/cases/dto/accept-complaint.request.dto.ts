import { OptionalText } from './text';

export class AcceptComplaintRequestDto {
  @OptionalText(2000)
  note?: string | null;
}
