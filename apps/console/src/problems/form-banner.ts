import type { ProblemLike } from './problem-text';

/** A field's path with each row's index as `[]`: `grades[2].minScore` → `grades[].minScore`. */
const column = (key: string): string => key.replace(/\[\d+\]/g, '[]');

/**
 * What a form's banner says of a refusal: the refusal itself, unless every field error it gives is one
 * the form shows at its own field (`errors`: the form's field errors, from `fieldErrors`; `shown`: the
 * fields the form has an input for, a row's by its column, `grades[].minScore`). A refusal naming a
 * field the form has no input for (a path parameter, `deductionId`; the unit the dialog is about,
 * UNIT_RETIRED's `unitId`; the year picked above the form) or naming none is said in the banner:
 * hidden, it would be said nowhere and the user would see nothing happen. One about the form's fields
 * only is said at them, not twice.
 */
export function formBanner<T extends ProblemLike>(
  error: T | null,
  errors: Readonly<Record<string, string>>,
  shown: readonly string[],
): T | null {
  if (!error) return null;
  const fields = Object.keys(errors);
  const atFields = new Set(shown);
  const allShown = fields.length > 0 && fields.every((field) => atFields.has(field) || atFields.has(column(field)));
  return allShown ? null : error;
}

/**
 * A refusal's field errors still standing: those whose field is sent now as it was (`sent`, `now`: the
 * bodies, by the API's field names). One the user has changed since is no longer shown: the new
 * value has not been refused, and a red 「请填写扣分事由」 under a reason being typed misleads.
 */
export function standingErrors(
  errors: Readonly<Record<string, string>>,
  sent: Readonly<Record<string, unknown>> | null,
  now: Readonly<Record<string, unknown>>,
): Record<string, string> {
  if (!sent) return { ...errors };
  return Object.fromEntries(Object.entries(errors).filter(([field]) => sameValue(valueAt(sent, field), valueAt(now, field))));
}

/** The value at a field's path in a body: `interview.heldOn`, `measures[1].description`. */
function valueAt(body: Readonly<Record<string, unknown>>, field: string): unknown {
  if (Object.hasOwn(body, field)) return body[field];
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .reduce<unknown>(
      (value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined),
      body,
    );
}

/** Equal as sent: a list or an object (a body is built anew at each change) by its JSON. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  return a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The banner of a form whose field errors clear as the fields change (formBanner on those still
 * standing): gone once every field error of the refusal is; a refusal naming no field stays until
 * the next save, since changing the form does not answer it (the unit retired, the year).
 */
export function standingBanner<T extends ProblemLike>(
  error: T | null,
  errors: Readonly<Record<string, string>>,
  standing: Readonly<Record<string, string>>,
  shown: readonly string[],
): T | null {
  if (Object.keys(errors).length > 0 && Object.keys(standing).length === 0) return null;
  return formBanner(error, standing, shown);
}
