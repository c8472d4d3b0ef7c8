import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CaseListModule } from '../case-list/case-list.module';
import { CommandWriter } from '../common/command-writer';
import { ConfigurationStreamsModule } from '../common/configuration-streams.module';
import { IdempotencyStore } from '../common/idempotency/idempotency.store';
import { IdempotentAnswers } from '../common/idempotency/idempotent-answers';
import { ProjectionPositions } from '../common/projection-positions';
import { GetUnitHandler } from './unit-by-id.query';
import { ListUnitsHandler } from './unit-list.query';
import { UnitCommandHandler } from './unit-command.handler';
import { UnitChildren } from './unit-children';
import { UnitDirectory } from './unit-directory';
import { UnitFindings } from './unit-findings';
import { UnitNames } from './unit-names';
import { UnitSeeder } from './unit-seeder';
import { UnitsController } from './units.controller';
import { UnitsQueriesController } from './units-queries.controller';

/**
 * The unit registry (单位): its commands, a unit by id, lookups for commands that name a unit, seeding
 * on first start; the open cases (CaseListModule) and the open findings of the ledger (UnitFindings,
 * from the log) keep a unit that handles any from being retired; a name is an active unit's once (UnitNames).
 */
@Module({
  imports: [CqrsModule, CaseListModule, ConfigurationStreamsModule],
  controllers: [UnitsController, UnitsQueriesController],
  providers: [
    UnitDirectory,
    UnitChildren,
    UnitFindings,
    UnitNames,
    UnitSeeder,
    UnitCommandHandler,
    GetUnitHandler,
    ListUnitsHandler,
    CommandWriter,
    IdempotencyStore,
    IdempotentAnswers,
    ProjectionPositions,
  ],
  exports: [UnitDirectory],
})
export class UnitsModule {}
