import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { UnitsModule } from '../units/units.module';
import { AppraisalExportController } from './appraisal-export.controller';
import { OverdueExportController } from './overdue-export.controller';

/**
 * Files a user hands to a leader (导出): the appraisal table and the overdue list as xlsx and csv.
 * They run the lists' own queries (handled in AppraisalsModule and OverdueModule), so a file
 * always holds the rows the screen shows, read-your-writes included.
 */
@Module({
  imports: [CqrsModule, UnitsModule],
  controllers: [AppraisalExportController, OverdueExportController],
})
export class ExportsModule {}
