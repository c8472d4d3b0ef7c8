import { computed, ref, type ComputedRef } from 'vue';
import { standingBanner, standingErrors } from './form-banner';
import type { ProblemLike } from './problem-text';

/** What a form tells `useStandingErrors`, each read anew as the form changes. */
export interface RefusedForm<T extends ProblemLike> {
  /** The last refusal of a send (the API's), or null. */
  error: () => T | null;
  /**
   * Its field errors with the form's own asks before sending, by the API's field names; given the body
   * remembered, as a refusal's messages are read against what was sent (a picker sent empty: 「请选择…」).
   */
  refused: (sent: Readonly<Record<string, unknown>> | null) => Record<string, string>;
  /** What the form would send now (a request body, by the API's field names); null while there is no form to send. */
  body: () => object | null;
  /** The fields the form has an input for (`formBanner`'s `shown`). */
  shown: () => readonly string[];
}

/**
 * A form's field errors and banner as they stand while the user corrects the form: an error goes once
 * its field no longer holds what was sent, the banner with the last of them (`standingErrors`,
 * `standingBanner`). The form says what it sends (or checks itself) with `remember`, and `forget`s it
 * when opened anew.
 */
export function useStandingErrors<T extends ProblemLike>(
  form: RefusedForm<T>,
): {
  /** The field errors as refused, standing or not (a form's rows may be matched to them by what was sent). */
  refused: ComputedRef<Record<string, string>>;
  errors: ComputedRef<Record<string, string>>;
  banner: ComputedRef<T | null>;
  remember: (body: object) => void;
  forget: () => void;
} {
  const sent = ref<Record<string, unknown> | null>(null);
  const refused = computed(() => form.refused(sent.value));
  const errors = computed(() => {
    const now = form.body();
    return now ? standingErrors(refused.value, sent.value, now as Record<string, unknown>) : refused.value;
  });
  const banner = computed(() => standingBanner(form.error(), refused.value, errors.value, form.shown()));
  return {
    refused,
    errors,
    banner,
    // A copy: a form that sends its draft itself would otherwise change what was sent as it is edited.
    remember: (body) => {
      sent.value = copyOf(body) as Record<string, unknown>;
    },
    forget: () => {
      sent.value = null;
    },
  };
}

/**
 * A body's lists and objects copied, each value kept as the form had it: a JSON copy would make a
 * typed 「-0」 0 and a number too long for a double (Infinity) null, no longer equal to the form's
 * value, and the refusal of them would go at once.
 */
function copyOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyOf);
  if (value === null || typeof value !== 'object') return value;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, copyOf(field)]));
}
