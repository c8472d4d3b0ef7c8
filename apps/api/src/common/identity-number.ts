import { ValidateBy, type ValidationOptions } from 'class-validator';

/** Any document number intake takes: a passport, a travel permit, a resident identity card. */
const DOCUMENT_NUMBER = /^[0-9A-Za-z]{5,30}$/;

/**
 * The 18 characters of a resident identity card (居民身份证, GB 11643-1999), the same form as the
 * foreigner's permanent residence card of 2023: six digits of the place, eight of the date of birth,
 * three of sequence, and a check digit (ISO 7064 MOD 11-2, `X` for ten).
 */
const RESIDENT_ID = /^(\d{6})(\d{4})(\d{2})(\d{2})\d{3}[\dXx]$/;
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_DIGITS = '10X98765432';

/**
 * Whether a given document number can be what it claims. An identity card's number carries its own
 * check: intake types it from a card or over the phone, and one wrong digit would put the identity
 * the discipline office later reads on record wrong for good (it is sealed, and no one sees it
 * until then). So a number in the card's form must have a real date of birth and its check digit;
 * any other form (passports and permits differ by country) is only held to letters and digits.
 */
export function isDocumentNumber(value: unknown): boolean {
  if (typeof value !== 'string' || !DOCUMENT_NUMBER.test(value)) return false;
  const card = RESIDENT_ID.exec(value);
  if (!card) return true;
  const [, , year, month, day] = card.map(Number);
  const born = new Date(Date.UTC(year, month - 1, day));
  const realDate = year >= 1900 && born.getUTCMonth() === month - 1 && born.getUTCDate() === day;
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(value[i]), 0);
  return realDate && CHECK_DIGITS[sum % 11] === value[17].toUpperCase();
}

/** A complainant's `idNumber`: see isDocumentNumber. */
export const IsDocumentNumber = (options?: ValidationOptions) =>
  ValidateBy(
    { name: 'isDocumentNumber', validator: { validate: isDocumentNumber } },
    {
      message:
        '$property must be a passport or permit number (5–30 letters and digits) or a resident identity card number ' +
        '(18 characters with a real date of birth and its check digit)',
      ...options,
    },
  );
