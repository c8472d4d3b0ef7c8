/**
 * Pure helpers of 系统管理 · 台账配置 (no DOM, no API): the form a configuration opens as, the body
 * `PUT /api/v1/admin/ledger` takes, whether the form changes anything, what it drops, what the
 * confirmation says. The API checks the lists (docs/ledger.md#configured-lists); the form does not
 * restate its rules, it shows the API's refusal at the field it names.
 */
import type { Schemas } from '../../api/client';

/** One entry of a configured list: a stable code (recorded in events) and its Chinese label. */
export interface LedgerEntry {
  code: string;
  label: string;
}

/** The ledger configuration as `GET /api/v1/admin/ledger` answers it, `retired` included. */
export type LedgerConfigurationInForce = Schemas['LedgerConfiguration'];

/** The configured lists, in the order the panel shows them and by the names the API gives them. */
export const LEDGER_LISTS = ['campaignKinds', 'findingCategories', 'measureCategories'] as const;
export type LedgerListName = (typeof LEDGER_LISTS)[number];

/** What each list is called: its title, and what one entry of it is. */
export const LEDGER_LIST_NAMES: Readonly<Record<LedgerListName, { title: string; entry: string }>> = {
  campaignKinds: { title: '评议活动类型', entry: '活动类型' },
  findingCategories: { title: '问题类别', entry: '问题类别' },
  measureCategories: { title: '措施类别', entry: '措施类别' },
};

/** The longest 回头看 interval the API takes (MAX_RECHECK_WORKING_DAYS): a year of working days. */
export const MAX_RECHECK_WORKING_DAYS = 250;

/**
 * The labels of the form's fields by the path the API names (a row by its column, problem-text.ts),
 * so a refused field reads 「问题类别名称不能超过100个字」 rather than 「此项…」.
 */
export const LEDGER_FIELD_LABELS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    LEDGER_LISTS.flatMap((list) => [
      [list, LEDGER_LIST_NAMES[list].title],
      [`${list}[].code`, `${LEDGER_LIST_NAMES[list].entry}代码`],
      [`${list}[].label`, `${LEDGER_LIST_NAMES[list].entry}名称`],
    ]),
  ),
  recheckAfterWorkingDays: '回头看间隔',
};

/** The fields the form has an input for: each labelled one (a refusal naming another is said in its banner). */
export const LEDGER_FORM_FIELDS: readonly string[] = Object.keys(LEDGER_FIELD_LABELS);

/**
 * A row of the form. `inForce`: the entry was in the configuration the form opened on, so its code
 * stays as it is (recorded campaigns, findings and measures cite it); a row added has its code typed.
 * `key` tells the rows apart while some are removed.
 */
export interface DraftEntry {
  key: number;
  code: string;
  label: string;
  inForce: boolean;
}

export interface LedgerDraft {
  lists: Record<LedgerListName, DraftEntry[]>;
  /** null while the input is cleared: sent so, the API says 回头看间隔须为整数. */
  recheckAfterWorkingDays: number | null;
}

/** The body of `PUT /api/v1/admin/ledger` (Schemas['PublishLedgerConfigurationBody']). */
export interface LedgerBody {
  campaignKinds: LedgerEntry[];
  findingCategories: LedgerEntry[];
  measureCategories: LedgerEntry[];
  recheckAfterWorkingDays: number;
}

let lastKey = 0;

/** A blank row, to be typed in. */
export function newEntry(): DraftEntry {
  return { key: ++lastKey, code: '', label: '', inForce: false };
}

/** The form opened on the configuration in force. */
export function draftOf(config: LedgerConfigurationInForce): LedgerDraft {
  const rows = (list: LedgerListName): DraftEntry[] =>
    config[list].map(({ code, label }) => ({ key: ++lastKey, code, label, inForce: true }));
  return {
    lists: {
      campaignKinds: rows('campaignKinds'),
      findingCategories: rows('findingCategories'),
      measureCategories: rows('measureCategories'),
    },
    recheckAfterWorkingDays: config.recheckAfterWorkingDays,
  };
}

/**
 * The whole configuration as the API takes it: every row in the form's order, blank ones too, so the
 * index the API names in a refusal (`findingCategories[7].code`) is the row's; codes and labels trimmed.
 */
export function bodyOf(draft: LedgerDraft): LedgerBody {
  const entries = (list: LedgerListName): LedgerEntry[] =>
    draft.lists[list].map(({ code, label }) => ({ code: code.trim(), label: label.trim() }));
  return {
    campaignKinds: entries('campaignKinds'),
    findingCategories: entries('findingCategories'),
    measureCategories: entries('measureCategories'),
    recheckAfterWorkingDays: draft.recheckAfterWorkingDays as number,
  };
}

const sameEntries = (a: readonly LedgerEntry[], b: readonly LedgerEntry[]): boolean =>
  a.length === b.length && a.every((entry, i) => entry.code === b[i].code && entry.label === b[i].label);

/** Whether publishing the form would change anything (the same configuration again records nothing). */
export function isChanged(config: LedgerConfigurationInForce, draft: LedgerDraft): boolean {
  const body = bodyOf(draft);
  return (
    body.recheckAfterWorkingDays !== config.recheckAfterWorkingDays || LEDGER_LISTS.some((list) => !sameEntries(body[list], config[list]))
  );
}

/** An entry in force that the form no longer lists (by its code). */
export interface RemovedEntry extends LedgerEntry {
  list: LedgerListName;
}

export function removedEntries(config: LedgerConfigurationInForce, draft: LedgerDraft): RemovedEntry[] {
  return LEDGER_LISTS.flatMap((list) => {
    const kept = new Set(draft.lists[list].map((row) => row.code.trim()));
    return config[list].filter((entry) => !kept.has(entry.code)).map((entry) => ({ list, ...entry }));
  });
}

/** The version as the panel says it: 默认配置 until the admin publishes one, then 第N版. */
export function versionText(config: Pick<LedgerConfigurationInForce, 'version' | 'revision'>): string {
  return config.revision === null ? `默认配置（${config.version}）` : `管理员发布 第${config.revision}版（${config.version}）`;
}

/**
 * What the confirmation says: what the new configuration applies to, and, when entries are dropped,
 * which ones and what becomes of the records that cite them: nothing (the API checks only new
 * commands against the lists; recorded events keep their codes, and `GET` answers the dropped entries
 * with their last labels as `retired`, by which the ledger and its files name them:
 * docs/ledger.md#configured-lists).
 */
export function publishMessage(config: LedgerConfigurationInForce, draft: LedgerDraft): string {
  const lines = ['新的台账配置将替换现行配置：此后登记的评议活动、问题和整改措施按新的分类选择，此后验收的措施按新的回头看间隔计算。'];
  const removed = removedEntries(config, draft);
  if (removed.length > 0) {
    const named = removed.map((entry) => `${LEDGER_LIST_NAMES[entry.list].title}「${entry.label}」`).join('、');
    lines.push(`将删除：${named}。删除后不能再选用；已登记的记录不受影响，仍按删除前的名称显示和导出。`);
  }
  lines.push('确定发布吗？');
  return lines.join('');
}

/** The dropped entries of a list that the form does not list again: each may be put back as it was. */
export function restorable(config: LedgerConfigurationInForce, draft: LedgerDraft, list: LedgerListName): LedgerEntry[] {
  const listed = new Set(draft.lists[list].map((row) => row.code.trim()));
  return config.retired[list].filter((entry) => !listed.has(entry.code));
}

/**
 * A dropped entry put back: its code as recorded (fixed, like an entry in force: records cite it),
 * its last label, which the admin may change before publishing.
 */
export function restoreEntry(draft: LedgerDraft, list: LedgerListName, entry: LedgerEntry): void {
  draft.lists[list].push({ key: ++lastKey, code: entry.code, label: entry.label, inForce: true });
}
