import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { LedgerListEntry, LedgerListName, RetiredLedgerEntries } from '@app/domain';
import { LedgerConfigurationProvider } from './ledger-configuration.provider';

export interface LedgerConfigurationView {
  version: string;
  campaignKinds: readonly LedgerListEntry[];
  findingCategories: readonly LedgerListEntry[];
  measureCategories: readonly LedgerListEntry[];
  recheckAfterWorkingDays: number;
  /** The publication in force (null: the built-in default). */
  revision: number | null;
  /** Entries of earlier configurations that this one dropped, each with its last label: records keep their codes. */
  retired: RetiredLedgerEntries;
}

/** A list's labels for codes as recorded: the entries in force, then those dropped since (exports label with it). */
export function everyEntryOf(view: LedgerConfigurationView, list: LedgerListName): LedgerListEntry[] {
  return [...view[list], ...view.retired[list]];
}

/** The ledger configuration in force: the latest publication, else the built-in default. */
export class GetLedgerConfigurationQuery extends Query<LedgerConfigurationView> {}

/** Answered from memory: the configuration the commands decide on (LedgerConfigurationProvider). */
@QueryHandler(GetLedgerConfigurationQuery)
export class GetLedgerConfigurationHandler implements IQueryHandler<GetLedgerConfigurationQuery, LedgerConfigurationView> {
  constructor(private readonly ledger: LedgerConfigurationProvider) {}

  async execute(): Promise<LedgerConfigurationView> {
    const { configuration, revision, retired } = await this.ledger.inForce();
    return { ...configuration, revision, retired };
  }
}
