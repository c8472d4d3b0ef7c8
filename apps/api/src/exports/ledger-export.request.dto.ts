import { IntersectionType, OmitType } from '@nestjs/swagger';
import { ListRectificationsRequestDto } from '../rectifications/list-rectifications.request.dto';
import { ExportFormatRequestDto } from './export-format';

/** The ledger's filters (and `after`), validated as the list validates them, plus `format`; no paging: the file holds every row. */
export class ExportLedgerRequestDto extends IntersectionType(
  OmitType(ListRectificationsRequestDto, ['limit', 'cursor'] as const),
  ExportFormatRequestDto,
) {}
