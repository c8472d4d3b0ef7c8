import { CODE_MESSAGES, FALLBACK_MESSAGE, SAID_BY_ID, STATUS_MESSAGES, type ProblemNames } from './code-messages';
import { fieldMessage } from './field-messages';

export type { ProblemNames } from './code-messages';

/** What the console reads of a problem+json (RFC 9457): the stable code and its facts; made up by the console too. */
export interface ShownProblem {
  title: string;
  code: string;
  detail?: string;
  /** VALIDATION_FAILED: each field at fault; a domain rule: the one field it is about. */
  errors?: Array<{ field: string; message: string }>;
  field?: string;
  /** The rule's own facts beside the code (RFC 9457 extension members: `date`, `year`, …). */
  [fact: string]: unknown;
}

/** What the console knows of a refusal: the status and its problem. */
export interface ProblemLike {
  status: number;
  problem: ShownProblem;
}

/**
 * The one place a refusal becomes Chinese: the code's message, told with the facts the problem carries
 * (the year, the category, how many cases), else what its status means, never the API's English (that
 * is `supportDetail`, a tooltip for whoever the user calls for help). `names` says a unit or a category the
 * problem names by its id as the user knows it (ProblemBanner passes the registry's); without them,
 * the id itself.
 */
export function problemMessage({ status, problem }: ProblemLike, names: Partial<ProblemNames> = {}): string {
  const message = CODE_MESSAGES[problem.code];
  if (typeof message === 'function') return message(problem, { ...SAID_BY_ID, ...names });
  return message ?? STATUS_MESSAGES[status] ?? FALLBACK_MESSAGE;
}

/**
 * The stable code, for support: shown small beneath the Chinese (「错误代码：RECEIVED_AT_IN_FUTURE」), so a
 * user calling for help can read it out. Only the code: the API's title and detail are English.
 */
export function supportLine({ problem }: ProblemLike): string {
  return `错误代码：${problem.code}`;
}

/** The API's own words (English title and detail), for support only: the code's tooltip, never shown as text. */
export function supportDetail({ problem }: ProblemLike): string {
  return [problem.title, problem.detail].filter(Boolean).join(' · ');
}

/**
 * The refusal's field errors in Chinese, one line each, for a screen that has no form to show them at
 * (a read refused on its parameters: 「结束日期距开始日期不能超过3年」); `labels` name the fields as the
 * screen does, and only those are said (「此项有误」 of a parameter the user never saw helps no one).
 * Empty when the refusal lists none of them.
 */
export function fieldLines(error: ProblemLike, labels: Readonly<Record<string, string>>): string[] {
  const errors = (error.problem.errors ?? []).filter((e) => labels[e.field] !== undefined);
  const named = { ...error, problem: { ...error.problem, errors, field: undefined } };
  return [...new Set(Object.values(fieldErrorsOf(named, labels)))];
}

/**
 * Whether a page's read was refused because what its address names cannot be shown to this user:
 * nothing of that id (404), not theirs to read (403), or an id no record could have (a 400 about the
 * path's `id` alone, as `/cases/not-a-uuid` gets). The page says 「无权查看或不存在」 in its own words for
 * all three: a link with a mangled id is a link to nothing, not a form the user filled in wrong.
 */
export function isUnreadable({ status, problem }: ProblemLike, idField = 'id'): boolean {
  if (status === 404 || status === 403) return true;
  const errors = problem.errors ?? [];
  return status === 400 && problem.code === 'VALIDATION_FAILED' && errors.length > 0 && errors.every((e) => e.field === idField);
}

/**
 * What a form tells `fieldErrorsOf` beside its labels: which of its fields are picked from a list
 * (`choices`, by field, a row's as `measures[].responsibleUnitId`) and the body it `sent`. A choice sent
 * empty is said 「请选择问题类别」 whatever rule the API states of it: the API's rule for an empty
 * unit id or category code is its format (「…格式不正确」), which is not what the user got wrong. A
 * choice sent with a value keeps the API's rule (a malformed id still reads 「…格式不正确」).
 */
export interface FieldErrorContext {
  choices?: readonly string[];
  sent?: unknown;
  names?: Partial<ProblemNames>;
}

/** A field's path with each row's index as `[]`: `measures[2].dueDate` → `measures[].dueDate`. */
const column = (key: string): string => key.replace(/\[\d+\]/g, '[]');

/** The value at a field's path in a body (`measures[0].responsibleUnitId`); undefined when the path is not there. */
export function valueAt(body: unknown, path: string): unknown {
  let value: unknown = body;
  for (const step of path.match(/[^.[\]]+/g) ?? []) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

/** Nothing chosen: the picker's empty value ('' as Element Plus leaves it cleared, null, or left out). */
const unchosen = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * 「请选择…」 or 「请填写…」 when the field refused was sent blank: whatever rule the API states of a blank
 * (an empty instant 「must be an ISO-8601 instant」, a cleared number 「must be an integer」, an empty
 * date 「must be a valid ISO 8601 date string」), the user left a required field empty, and a format's
 * message (「受理时间有误」, 「延期工作日须为整数」) misleads. A picker (`choices`) left out counts as blank;
 * another field only sent blank ('' or null), not one the body does not carry (a path's id). A field
 * that may not be sent at all keeps its rule. Null when the field was not sent blank or the body is not known.
 * (Whether the field is required need not be known: the API refused it blank, so blank is what is wrong.)
 */
function leftBlank(key: string, message: string, choices: ReadonlySet<string>, sent: unknown): '请选择' | '请填写' | null {
  if (sent === undefined || /should not exist/.test(message)) return null;
  const value = valueAt(sent, key);
  if (choices.has(key) || choices.has(column(key))) return unchosen(value) ? '请选择' : null;
  return value !== undefined && unchosen(value) ? '请填写' : null;
}

/**
 * The messages of a refused form in Chinese, by the field they are about (`body.complainant.name` →
 * `complainant.name`), for el-form-item's `error`; `labels` are the form's labels by field, for
 * 「请填写标题」. A row of a list takes its column's label (`measures[].dueDate` labels `measures[2].dueDate`),
 * as a form's repeated rows share their labels. A choice left empty says 「请选择…」 (FieldErrorContext).
 * A domain rule naming its field (422 `field`) says its code's message there.
 */
export function fieldErrorsOf(
  error: ProblemLike | null,
  labels: Readonly<Record<string, string>> = {},
  context: FieldErrorContext = {},
): Record<string, string> {
  const byField: Record<string, string> = {};
  if (!error) return byField;
  const choices = new Set(context.choices ?? []);
  for (const { field, message } of error.problem.errors ?? []) {
    const key = field.replace(/^body\./, '');
    const label = labels[key] ?? labels[column(key)];
    const blank = leftBlank(key, message, choices, context.sent);
    const said = blank ? `${blank}${label ?? '此项'}` : fieldMessage(message, label);
    if (byField[key]?.split('；').includes(said)) continue;
    byField[key] = byField[key] ? `${byField[key]}；${said}` : said;
  }
  const field = error.problem.field;
  if (field && !byField[field]) byField[field] = problemMessage(error, context.names);
  return byField;
}
