import { RequiredText } from '../../common/text-fields';

export class ReopenRequestDto {
  @RequiredText(2000)
  reason!: string;
}
