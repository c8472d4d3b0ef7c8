import { RequiredText } from './text';

export class ReopenRequestDto {
  @RequiredText(2000)
  reason!: string;
}
