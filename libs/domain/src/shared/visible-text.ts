/**
 * A character that shows: neither Unicode white space (a tab, a newline, U+00A0, U+3000 全角空格, …),
 * nor a default-ignorable one (U+200B–U+200D, U+2060, U+FEFF, a soft hyphen, a variation selector, …),
 * nor a control character.
 */
const VISIBLE = /[^\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}]/u;

/**
 * True if `value` is a string with at least one visible character (`VISIBLE`): what a required
 * text must have, in the API's validation (`NotBlank`) and in the deciders' own rules alike. A
 * decider's `.trim()` alone took "\u200b" (a zero-width space) for a label, a grade or a reason.
 */
export function hasVisibleCharacter(value: unknown): value is string {
  return typeof value === 'string' && VISIBLE.test(value);
}

/** `value` trimmed, or '' when it is no text or nothing of it shows: a required field's value, or its absence. */
export function visibleTextOf(value: unknown): string {
  return hasVisibleCharacter(value) ? value.trim() : '';
}
