import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AppraisalReader } from '@app/projections/appraisal/appraisal.reader';
import { CaseListReader } from '@app/projections/case-list/case-list.reader';
import { CommandWriter } from '../common/command-writer';
import { ProjectionPositions } from '../common/projection-positions';
import { readerProvider } from '../common/reader.provider';
import { GetAppraisalSchemeHandler } from './appraisal-scheme-in-force.query';
import { AppraisalSchemesController } from './appraisal-schemes.controller';
import {
  GetAppraisalTableHandler,
  GetUnitAccountabilityHandler,
  GetUnitAppraisalCasesHandler,
  GetUnitAppraisalHandler,
} from './appraisal.queries';
import { AppraisalsController } from './appraisals.controller';
import { CaseLinks } from './case-links';
import { PublishAppraisalSchemeHandler } from './publish-appraisal-scheme.handler';
import { RankedYears } from './ranked-years';
import { UnitBreakdowns } from './unit-breakdowns';

/** Appraisal schemes (admin) and the annual appraisal queries on the appraisal read model. */
@Module({
  imports: [CqrsModule],
  controllers: [AppraisalSchemesController, AppraisalsController],
  providers: [
    PublishAppraisalSchemeHandler,
    GetAppraisalSchemeHandler,
    CommandWriter,
    GetAppraisalTableHandler,
    GetUnitAppraisalHandler,
    GetUnitAppraisalCasesHandler,
    GetUnitAccountabilityHandler,
    RankedYears,
    UnitBreakdowns,
    CaseLinks,
    readerProvider(AppraisalReader),
    readerProvider(CaseListReader),
    ProjectionPositions,
  ],
})
export class AppraisalsModule {}
