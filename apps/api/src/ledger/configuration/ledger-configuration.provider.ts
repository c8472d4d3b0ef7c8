import { Injectable } from '@nestjs/common';
import {
  DEFAULT_LEDGER_CONFIGURATION,
  LEDGER_CONFIG_STREAM_ID,
  ledgerConfigurationFrom,
  retiredLedgerEntries,
  type LedgerConfiguration,
  type LedgerConfigurationPublished,
  type RetiredLedgerEntries,
} from '@app/domain';
import { toDomainEvent } from '@app/event-store';
import { ConfigurationStreams, type StreamSnapshot } from '../../common/configuration-streams';

/** The ledger configuration in force, with the publication it comes from (null: the default). */
export interface LedgerConfigurationInForce {
  configuration: LedgerConfiguration;
  revision: number | null;
  /** Entries earlier configurations had and this one dropped: the labels of codes recorded under them. */
  retired: RetiredLedgerEntries;
}

const NONE_RETIRED: RetiredLedgerEntries = { campaignKinds: [], findingCategories: [], measureCategories: [] };

/**
 * The ledger's configuration in force (docs/ledger.md#configured-lists), for the commands that check
 * a list or count the 回头看 interval: `config-ledger` held in memory with the other configuration
 * streams and checked against the log on every call (ConfigurationStreams: asked in the same tick as
 * a command's units and calendar, one round trip), folded again only when it has moved. Until a
 * publication, DEFAULT_LEDGER_CONFIGURATION.
 */
@Injectable()
export class LedgerConfigurationProvider {
  private built: { stream: StreamSnapshot; inForce: LedgerConfigurationInForce } | null = null;

  constructor(private readonly streams: ConfigurationStreams) {}

  async current(): Promise<LedgerConfiguration> {
    return (await this.inForce()).configuration;
  }

  async inForce(): Promise<LedgerConfigurationInForce> {
    const stream = await this.streams.read(LEDGER_CONFIG_STREAM_ID);
    if (stream.version === 0) return { configuration: DEFAULT_LEDGER_CONFIGURATION, revision: null, retired: NONE_RETIRED };
    if (this.built?.stream === stream) return this.built.inForce;
    const published = stream.events.map((e) => toDomainEvent<LedgerConfigurationPublished>(e));
    const inForce = {
      configuration: ledgerConfigurationFrom(published),
      revision: published.at(-1)?.data.revision ?? null,
      retired: retiredLedgerEntries(published),
    };
    this.built = { stream, inForce };
    return inForce;
  }
}
