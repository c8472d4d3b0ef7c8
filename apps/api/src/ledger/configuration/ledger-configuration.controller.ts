import { Body, Get } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { LedgerPublicationErrors, type LedgerListEntry } from '@app/domain';
import type { PublicationResult } from '../../admin/admin.dto';
import { PUBLICATION_RESULT } from '../../admin/admin.responses';
import { Answers, codesOf, defineSchema, S } from '../../common/api-contract';
import { ExpectedRevision } from '../../common/publication-revision';
import { Caller, type RequestContext } from '../../common/request-context';
import { PublicationRoute, PublicationRoutes } from '../../common/routes.decorator';
import { GetLedgerConfigurationQuery, type LedgerConfigurationView } from './ledger-configuration-in-force.query';
import { PublishLedgerConfigurationBody } from './ledger-configuration.dto';
import { PublishLedgerConfigurationMessage } from './publish-ledger-configuration.handler';

const ENTRIES = S.array(S.object({ code: S.string(), label: S.string() }));

/** The ledger configuration in force (LedgerConfigurationView). */
export const LEDGER_CONFIGURATION = defineSchema(
  'LedgerConfiguration',
  S.object({
    version: S.string({ description: '`ledger@3`, or `ledger@default` until the first publication' }),
    campaignKinds: ENTRIES,
    findingCategories: ENTRIES,
    measureCategories: ENTRIES,
    recheckAfterWorkingDays: S.integer({ minimum: 1 }),
    revision: S.nullable(S.integer({ minimum: 1 })),
    retired: {
      ...S.object({ campaignKinds: ENTRIES, findingCategories: ENTRIES, measureCategories: ENTRIES }),
      description:
        'Entries earlier configurations (the default included) had and this one dropped, each with the label it last had: findings, measures and campaigns keep the codes they were recorded with',
    },
  }),
);

/** The ledger's configuration (docs/ledger.md#configured-lists): published by the admin, read by every role. */
@PublicationRoutes('api/v1/admin')
export class LedgerConfigurationController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @PublicationRoute('ledger', {
    summary:
      'Publish the ledger configuration (campaign kinds, finding and measure categories, the 回头看 interval); replaces the one in force',
    inForce: PUBLICATION_RESULT,
    rulesBroken: codesOf(LedgerPublicationErrors),
  })
  publish(
    @Body() body: PublishLedgerConfigurationBody,
    @Caller() caller: RequestContext,
    @ExpectedRevision() expectedRevision: number | undefined,
  ): Promise<PublicationResult> {
    const entries = (list: readonly LedgerListEntry[]) => list.map(({ code, label }) => ({ code, label }));
    const request = {
      type: 'PublishLedgerConfiguration' as const,
      campaignKinds: entries(body.campaignKinds),
      findingCategories: entries(body.findingCategories),
      measureCategories: entries(body.measureCategories),
      recheckAfterWorkingDays: body.recheckAfterWorkingDays,
    };
    return this.commandBus.execute(new PublishLedgerConfigurationMessage(request, caller, expectedRevision));
  }

  @Get('ledger')
  @ApiOperation({ summary: 'The ledger configuration in force, with its version (held in memory, checked against the log)' })
  @Answers({
    status: 200,
    description: 'The configuration in force (ETag: its revision, for If-Match)',
    schema: LEDGER_CONFIGURATION,
    headers: ['ETag'],
  })
  inForce(): Promise<LedgerConfigurationView> {
    return this.queryBus.execute(new GetLedgerConfigurationQuery());
  }
}
