import { OneOfParam } from '../common/query-params';

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** `?format=` of every export; anything else is a 400 naming `format`. */
export class ExportFormatRequestDto {
  @OneOfParam(EXPORT_FORMATS, { default: 'xlsx', description: 'xlsx (Excel) or csv (UTF-8 with BOM)' })
  format?: ExportFormat;
}
