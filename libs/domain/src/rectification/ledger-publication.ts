import type { Decision, StreamDeciderShape } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { hasVisibleCharacter } from '../shared/visible-text';
import { latestPublicationDecider, publish, type LatestPublication, type Publication } from '../shared/publication';
import { DEFAULT_LEDGER_CONFIGURATION, type LedgerConfiguration, type LedgerListEntry } from './ledger-configuration';

/**
 * The ledger's configuration (整改台账的可配置项) as an admin publishes it: each publication is the
 * whole configuration and replaces the one before (shared/publication.ts), as the time limits do.
 * Until the first publication DEFAULT_LEDGER_CONFIGURATION is in force (docs/ledger.md#configured-lists).
 */
export const LEDGER_CONFIG_STREAM_ID = 'config-ledger';

/** The longest 回头看 interval: a year of working days (the measure rules allow due dates as far). */
export const MAX_RECHECK_WORKING_DAYS = 250;

/**
 * A code of a list: the shape of the time limits' category codes (calendar/time-limit-publication.ts),
 * restated so the ledger's rules depend on no aggregate (a finding category shares its code with a
 * complaint category).
 */
const ENTRY_CODE_PATTERN = /^[a-z][a-z0-9_]{1,40}$/;

/** The configured lists, by the names the configuration gives them. */
export const LEDGER_LISTS = ['campaignKinds', 'findingCategories', 'measureCategories'] as const;
export type LedgerListName = (typeof LEDGER_LISTS)[number];

/** Stable codes of the publication's broken rules (422 problem+json); never rename one. */
export const LedgerPublicationErrors = {
  LEDGER_LIST_EMPTY: 'LEDGER_LIST_EMPTY',
  INVALID_ENTRY_CODE: 'INVALID_ENTRY_CODE',
  DUPLICATE_ENTRY_CODE: 'DUPLICATE_ENTRY_CODE',
  ENTRY_LABEL_MISSING: 'ENTRY_LABEL_MISSING',
  INVALID_RECHECK_INTERVAL: 'INVALID_RECHECK_INTERVAL',
} as const;

type LedgerContent = Omit<LedgerConfiguration, 'version'>;

export type PublishLedgerConfiguration = { type: 'PublishLedgerConfiguration'; at: string } & LedgerContent;

/** The whole configuration; `revision`: the n-th publication (version `ledger@<revision>`). */
export type LedgerConfigurationPublished = Publication<
  'LedgerConfigurationPublished',
  {
    campaignKinds: LedgerListEntry[];
    findingCategories: LedgerListEntry[];
    measureCategories: LedgerListEntry[];
    recheckAfterWorkingDays: number;
  }
>;

export type LedgerPublicationState = LatestPublication<LedgerConfigurationPublished['data']>;

export const LEDGER_PUBLICATION_EVENT_SCHEMA_VERSIONS: Readonly<Record<LedgerConfigurationPublished['type'], number>> = {
  LedgerConfigurationPublished: 1,
};

export const ledgerConfigurationVersion = (revision: number): string => `ledger@${revision}`;

/** The publication of the ledger's configuration as a decider: stream `config-ledger`. */
export const ledgerPublicationDecider: StreamDeciderShape<
  PublishLedgerConfiguration,
  LedgerConfigurationPublished,
  LedgerPublicationState
> = latestPublicationDecider(decidePublishLedgerConfiguration, LEDGER_PUBLICATION_EVENT_SCHEMA_VERSIONS);

function decidePublishLedgerConfiguration(
  command: PublishLedgerConfiguration,
  state: LedgerPublicationState,
): Decision<LedgerConfigurationPublished> {
  const lists: Partial<Record<LedgerListName, LedgerListEntry[]>> = {};
  for (const name of LEDGER_LISTS) {
    const checked = checkList(name, command[name]);
    if (checked instanceof DomainError) return checked;
    lists[name] = checked;
  }
  const interval = command.recheckAfterWorkingDays;
  if (!Number.isInteger(interval) || interval < 1 || interval > MAX_RECHECK_WORKING_DAYS) {
    return new DomainError(
      LedgerPublicationErrors.INVALID_RECHECK_INTERVAL,
      `recheckAfterWorkingDays must be a whole number of working days from 1 to ${MAX_RECHECK_WORKING_DAYS}`,
      { field: 'recheckAfterWorkingDays' },
    );
  }
  // Entries dropped from a list stay valid where they are recorded: events keep their codes, only new commands are checked.
  return publish(
    'LedgerConfigurationPublished',
    {
      campaignKinds: lists.campaignKinds!,
      findingCategories: lists.findingCategories!,
      measureCategories: lists.measureCategories!,
      recheckAfterWorkingDays: interval,
    },
    state,
  );
}

/** A list as published: at least one entry, codes as the time limits' category codes, each once, each labelled. */
function checkList(name: LedgerListName, list: readonly LedgerListEntry[]): LedgerListEntry[] | DomainError {
  if (list.length === 0)
    return new DomainError(LedgerPublicationErrors.LEDGER_LIST_EMPTY, `${name} needs at least one entry`, { field: name });
  const seen = new Set<string>();
  const entries: LedgerListEntry[] = [];
  for (const [i, { code, label }] of list.entries()) {
    const field = `${name}[${i}]`;
    if (typeof code !== 'string' || !ENTRY_CODE_PATTERN.test(code)) {
      return new DomainError(
        LedgerPublicationErrors.INVALID_ENTRY_CODE,
        `Code "${String(code)}" must be 2–41 lower-case letters, digits or _, starting with a letter`,
        { field: `${field}.code` },
      );
    }
    if (seen.has(code)) {
      return new DomainError(LedgerPublicationErrors.DUPLICATE_ENTRY_CODE, `Code "${code}" appears twice in ${name}`, {
        field: `${field}.code`,
      });
    }
    seen.add(code);
    if (!hasVisibleCharacter(label)) {
      return new DomainError(LedgerPublicationErrors.ENTRY_LABEL_MISSING, `"${code}" needs a label`, { field: `${field}.label` });
    }
    entries.push({ code, label: label.trim() });
  }
  return entries;
}

/** The configuration in force: the latest publication, or DEFAULT_LEDGER_CONFIGURATION when there is none. */
export function ledgerConfigurationFrom(published: Iterable<LedgerConfigurationPublished>): LedgerConfiguration {
  let latest: LedgerConfigurationPublished | undefined;
  for (const event of published) latest = event;
  if (!latest) return DEFAULT_LEDGER_CONFIGURATION;
  const { revision, ...content } = latest.data;
  return { version: ledgerConfigurationVersion(revision), ...content };
}

/** The entries of each list that the configuration in force no longer has. */
export type RetiredLedgerEntries = Record<LedgerListName, LedgerListEntry[]>;

/**
 * The entries an earlier configuration had (the default included) that the one in force dropped,
 * each with the label it last had: events keep the codes they were recorded with, and a finding of
 * a category since dropped must still read 审批繁琐, not `cumbersome_approval`. Oldest first.
 */
export function retiredLedgerEntries(published: Iterable<LedgerConfigurationPublished>): RetiredLedgerEntries {
  const seen = Object.fromEntries(LEDGER_LISTS.map((list) => [list, new Map<string, string>()])) as Record<
    LedgerListName,
    Map<string, string>
  >;
  let inForce: LedgerConfiguration = DEFAULT_LEDGER_CONFIGURATION;
  const remember = (configuration: LedgerConfiguration) => {
    for (const list of LEDGER_LISTS) for (const { code, label } of configuration[list]) seen[list].set(code, label);
  };
  remember(inForce);
  for (const event of published) {
    inForce = ledgerConfigurationFrom([event]);
    remember(inForce);
  }
  const retired = {} as RetiredLedgerEntries;
  for (const list of LEDGER_LISTS) {
    const kept = new Set(inForce[list].map(({ code }) => code));
    retired[list] = [...seen[list]].filter(([code]) => !kept.has(code)).map(([code, label]) => ({ code, label }));
  }
  return retired;
}
