import { IntersectionType } from '@nestjs/swagger';
import { AppraisalTableRequestDto } from '../appraisals/appraisals.request.dto';
import { ExportFormatRequestDto } from './export-format';

/** The appraisal table's filters (`kind`, `after`) plus `format`. */
export class ExportAppraisalsRequestDto extends IntersectionType(AppraisalTableRequestDto, ExportFormatRequestDto) {}
