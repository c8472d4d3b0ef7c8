import { IntersectionType, OmitType } from '@nestjs/swagger';
import { ListOverdueRequestDto } from '../overdue/list-overdue.request.dto';
import { ExportFormatRequestDto } from './export-format';

/** The overdue list's filters (and `after`), validated as the list validates them, plus `format`; no paging: the file holds every row. */
export class ExportOverdueRequestDto extends IntersectionType(
  OmitType(ListOverdueRequestDto, ['limit', 'cursor'] as const),
  ExportFormatRequestDto,
) {}
