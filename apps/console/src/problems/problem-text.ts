import { CODE_MESSAGES, FALLBACK_MESSAGE, STATUS_MESSAGES } from './code-messages';
import { fieldMessage } from './field-messages';

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
 * The one place a refusal becomes Chinese: the code's message, else what its status means, never the
 * API's English (that is `supportLine`, for whoever the user calls for help).
 */
export function problemMessage({ status, problem }: ProblemLike): string {
  const message = CODE_MESSAGES[problem.code];
  if (typeof message === 'function') return message(problem);
  return message ?? STATUS_MESSAGES[status] ?? FALLBACK_MESSAGE;
}

/** The API's own words and stable code, for support: shown muted beneath the Chinese. */
export function supportLine({ problem }: ProblemLike): string {
  return [problem.code, problem.title, problem.detail].filter(Boolean).join(' · ');
}

/**
 * The messages of a refused form in Chinese, by the field they are about (`body.complainant.name` →
 * `complainant.name`), for el-form-item's `error`; `labels` are the form's labels by field, for
 * 「请填写标题」. A row of a list takes its column's label (`measures[].dueDate` labels `measures[2].dueDate`),
 * as a form's repeated rows share their labels. A domain rule naming its field (422 `field`) says its
 * code's message there.
 */
export function fieldErrorsOf(error: ProblemLike | null, labels: Readonly<Record<string, string>> = {}): Record<string, string> {
  const byField: Record<string, string> = {};
  if (!error) return byField;
  for (const { field, message } of error.problem.errors ?? []) {
    const key = field.replace(/^body\./, '');
    const said = fieldMessage(message, labels[key] ?? labels[key.replace(/\[\d+\]/g, '[]')]);
    if (byField[key]?.split('；').includes(said)) continue;
    byField[key] = byField[key] ? `${byField[key]}；${said}` : said;
  }
  const field = error.problem.field;
  if (field && !byField[field]) byField[field] = problemMessage(error);
  return byField;
}
