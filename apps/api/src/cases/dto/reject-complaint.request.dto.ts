import { RequiredText } from '../../common/text-fields';

export class RejectComplaintRequestDto {
  @RequiredText(2000, 'Why the complaint is not accepted (不予受理理由)')
  reason!: string;
}
