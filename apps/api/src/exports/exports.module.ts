import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { UnitsModule } from '../units/units.module';
import { AppraisalExportController } from './appraisal-export.controller';
import { LedgerExportController } from './ledger-export.controller';
import { OverdueExportController } from './overdue-export.controller';

/**
 * Files a user hands to a leader (导出): the appraisal table, the overdue list and the ledger (整改台账)
 * as xlsx and csv.
 * They run the lists' own queries (handled in AppraisalsModule and OverdueModule), so a file
 * always holds the rows the screen shows, read-your-writes included.
 */
@Module({
  imports: [CqrsModule, UnitsModule],
  controllers: [AppraisalExportController, OverdueExportController, LedgerExportController],
})
export class ExportsModule {}
