import { isLocalDate, oneOf, type QueryParams } from '../../query/query-params';
import { MEASURE_STATUS_NAMES, SIZE_CLASS_NAMES } from './labels';

/**
 * 整改台账's address (pure, no Vue): its tab and the ledger's filters, the API's own
 * (`GET /api/v1/rectifications`), so a reload, a bookmark or a campaign's 查看整改台账 shows the list the
 * address names. The filters stay in the address whichever tab is open.
 */

export const LEDGER_TABS = { ledger: '整改台账', campaigns: '评议活动', rankings: '排名通报' } as const;
export type LedgerTab = keyof typeof LEDGER_TABS;

export const HOLDER_KINDS = { finding: '问题', case: '投诉案件' } as const;

/** A campaign's id as the API takes it (apps/api text-fields.ts ID_PATTERN; another is a 400). */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

/**
 * The parameters with the values the ledger can use. A campaign must be one of those listed once they
 * are (`knownCampaign`: null while they are not, or could not be read): an id of none would fill 活动
 * with a raw id and list nothing.
 */
export function ledgerParams(knownCampaign: () => ((id: string) => boolean) | null) {
  return {
    tab: { label: '标签页', accepts: oneOf(LEDGER_TABS) },
    status: { label: '状态', accepts: oneOf(MEASURE_STATUS_NAMES) },
    holderKind: { label: '来源', accepts: oneOf(HOLDER_KINDS) },
    sizeClass: { label: '类别', accepts: oneOf(SIZE_CLASS_NAMES) },
    campaignId: { label: '活动', accepts: (value: string) => ID.test(value) && (knownCampaign()?.(value) ?? true) },
    dueFrom: { label: '完成时限', accepts: isLocalDate },
    dueTo: { label: '完成时限', accepts: isLocalDate },
  } as const satisfies QueryParams<string>;
}

export type LedgerParam = keyof ReturnType<typeof ledgerParams>;
export type LedgerFilter = Exclude<LedgerParam, 'tab'>;
export const LEDGER_FILTERS: readonly LedgerFilter[] = ['status', 'holderKind', 'sizeClass', 'campaignId', 'dueFrom', 'dueTo'];

/**
 * The due period's ends that make no period the picker can show: one end alone (it shows a pair) or
 * an end before its start. Both are reset.
 */
export function unfitDuePeriod(values: Partial<Record<LedgerParam, string>>): LedgerFilter[] {
  const { dueFrom: from, dueTo: to } = values;
  if (from === undefined && to === undefined) return [];
  if (from !== undefined && to !== undefined && from <= to) return [];
  return [...(from !== undefined ? (['dueFrom'] as const) : []), ...(to !== undefined ? (['dueTo'] as const) : [])];
}

/** The filters of the address's usable values (the tab left out), for the API and the form. */
export function ledgerFilters(values: Partial<Record<LedgerParam, string>>): Partial<Record<LedgerFilter, string>> {
  const filters: Partial<Record<LedgerFilter, string>> = {};
  for (const name of LEDGER_FILTERS) if (values[name]) filters[name] = values[name];
  return filters;
}

/** The address of a tab with these filters: the ledger's tab is the default, so it is not named. */
export function ledgerQuery(tab: LedgerTab, filters: Partial<Record<LedgerFilter, string>>): Record<string, string> {
  return { ...(tab === 'ledger' ? {} : { tab }), ...ledgerFilters(filters) };
}
