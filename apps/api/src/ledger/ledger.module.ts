import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AdminModule } from '../admin/admin.module';
import { CommandWriter } from '../common/command-writer';
import { ConfigurationStreamsModule } from '../common/configuration-streams.module';
import { IdempotencyStore } from '../common/idempotency/idempotency.store';
import { IdempotentAnswers } from '../common/idempotency/idempotent-answers';
import { ComplainantsModule } from '../complainants/complainants.module';
import { UnitsModule } from '../units/units.module';
import { CampaignCommandHandler } from './campaigns/campaign-command.handler';
import { CampaignCommandsController } from './campaigns/campaign-commands.controller';
import { CampaignQueriesController } from './campaigns/campaign-queries.controller';
import { GetCampaignHandler, ListCampaignsHandler } from './campaigns/campaign.query';
import { GetLedgerConfigurationHandler } from './configuration/ledger-configuration-in-force.query';
import { LedgerConfigurationController } from './configuration/ledger-configuration.controller';
import { LedgerConfigurationProvider } from './configuration/ledger-configuration.provider';
import { PublishLedgerConfigurationHandler } from './configuration/publish-ledger-configuration.handler';
import { FindingCommandHandler } from './findings/finding-command.handler';
import { FindingCommandsController } from './findings/finding-commands.controller';
import { FindingQueriesController } from './findings/finding-queries.controller';
import { GetFindingHandler } from './findings/finding.query';
import { PeopleStore } from './people/people.store';
import { EraseRaiserIdentityHandler } from './raisers/erase-raiser-identity.handler';
import { RaiserCommandsController } from './raisers/raiser-commands.controller';
import { RaiserController } from './raisers/raiser.controller';
import { ReadRaiserIdentityHandler } from './raisers/read-raiser-identity.handler';

/**
 * The rectification ledger (整改台账, docs/ledger.md) over HTTP: campaigns, findings and their
 * measures, the ledger's configuration (`config-ledger`, held in memory with the other
 * configuration streams) and the store of the people who raise findings (sealed with the
 * complainant store's master keys), with the read of a raiser (access-logged) and their erasure.
 */
@Module({
  imports: [CqrsModule, AdminModule, UnitsModule, ComplainantsModule, ConfigurationStreamsModule],
  controllers: [
    CampaignCommandsController,
    CampaignQueriesController,
    FindingCommandsController,
    FindingQueriesController,
    LedgerConfigurationController,
    RaiserController,
    RaiserCommandsController,
  ],
  providers: [
    CampaignCommandHandler,
    GetCampaignHandler,
    ListCampaignsHandler,
    FindingCommandHandler,
    GetFindingHandler,
    LedgerConfigurationProvider,
    PublishLedgerConfigurationHandler,
    GetLedgerConfigurationHandler,
    PeopleStore,
    ReadRaiserIdentityHandler,
    EraseRaiserIdentityHandler,
    CommandWriter,
    IdempotencyStore,
    IdempotentAnswers,
  ],
})
export class LedgerModule {}
