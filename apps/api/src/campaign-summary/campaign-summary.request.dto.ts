import { AfterPosition } from '../common/query-params';
import { ExportFormatRequestDto } from '../exports/export-format';

/** `?after=`: the summary waits until the ledger has seen that position (a command's `position`). */
export class CampaignSummaryRequestDto {
  @AfterPosition()
  after?: string;
}

/** The summary as a file: `after` and `format`. */
export class CampaignSummaryExportRequestDto extends ExportFormatRequestDto {
  @AfterPosition()
  after?: string;
}
