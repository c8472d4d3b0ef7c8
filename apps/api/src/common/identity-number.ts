import { ValidateBy, type ValidationOptions } from 'class-validator';

/** Any document number intake takes: a passport, a travel permit, a resident identity card. */
const DOCUMENT_NUMBER = /^[0-9A-Za-z]{5,30}$/;

/**
 * The 18 characters of a resident identity card (居民身份证, GB 11643-1999), the same form as the
 * foreigner's permanent residence card of 2023: six digits of the place, eight of the date of birth,
 * three of sequence, and a check digit (ISO 7064 MOD 11-2, `X` for ten).
 */
const RESIDENT_ID = /^(\d{6})(\d{4})(\d{2})(\d{2})\d{3}[\dXx]$/;
/** Seventeen digits and one more letter or digit: the card's form, typed right or wrong (no passport looks like it). */
const CARD_LIKE = /^\d{17}[0-9A-Za-z]$/;
const BEIJING_OFFSET_MS = 8 * 3_600_000;
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_DIGITS = '10X98765432';

/**
 * Whether a given document number can be what it claims. An identity card's number carries its own
 * check: intake types it from a card or over the phone, and one wrong digit would put the identity
 * the discipline office later reads on record wrong for good (it is sealed, and no one sees it
 * until then). So a number in the card's form (seventeen digits and one more character) must have a
 * real date of birth, not after today, and its check digit (`X` for ten);
 * any other form (passports and permits differ by country) is only held to letters and digits.
 */
export function isDocumentNumber(value: unknown, now = Date.now()): boolean {
  if (typeof value !== 'string' || !DOCUMENT_NUMBER.test(value)) return false;
  if (!CARD_LIKE.test(value)) return true;
  const card = RESIDENT_ID.exec(value);
  if (!card) return false;
  const [, , year, month, day] = card.map(Number);
  const born = new Date(Date.UTC(year, month - 1, day));
  // Born by today in Beijing, where the card was issued.
  const realDate =
    year >= 1900 && born.getUTCMonth() === month - 1 && born.getUTCDate() === day && born.getTime() <= now + BEIJING_OFFSET_MS;
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(value[i]), 0);
  return realDate && CHECK_DIGITS[sum % 11] === value[17].toUpperCase();
}

/**
 * A document number as it is kept: an identity card's check character as the card prints it (`X`,
 * which intake may type as `x`), so one card is one number wherever it is compared or read; any
 * other number as typed.
 */
export function documentNumberAsKept(value: string): string {
  return CARD_LIKE.test(value) ? value.toUpperCase() : value;
}

/** A complainant's `idNumber`: see isDocumentNumber. */
export const IsDocumentNumber = (options?: ValidationOptions) =>
  ValidateBy(
    { name: 'isDocumentNumber', validator: { validate: (value) => isDocumentNumber(value) } },
    {
      message:
        '$property must be a passport or permit number (5–30 letters and digits) or a resident identity card number ' +
        '(18 characters with a real date of birth and its check digit)',
      ...options,
    },
  );
