import { documentNumberAsKept, isDocumentNumber } from './identity-number';

describe('a complainant’s document number (idNumber)', () => {
  it.each([
    ['a resident identity card whose check digit holds', '110105199003071239'],
    ['a card whose check digit is X', '11010519491231002X'],
    ['the same with a lower-case x', '11010519491231002x'],
    ['a passport', 'E12345678'],
    ['a Hong Kong and Macau travel permit', 'C12345678'],
    ['a first-generation card of 15 digits (no check digit)', '110105900307123'],
  ])('takes %s', (_case, value) => {
    expect(isDocumentNumber(value)).toBe(true);
  });

  it.each([
    ['a card with one digit mistyped', '110105199003071339'],
    ['a card with its check digit wrong', '110105199003071234'],
    ['a card with two neighbouring digits swapped', '110105199003072139'],
    ['a card born on 30 February', '110105199002301231'],
    ['a card born before 1900', '11010518900307123X'],
    ['fewer than 5 characters', '1234'],
    ['punctuation', '1101-0519-9003'],
    ['more than 30 characters', '1'.repeat(31)],
    ['a number, not a string', 110105199003071],
    ['seventeen digits and a letter other than X (a card mistyped, not a passport)', '11010519900307123A'],
    ['a card whose holder is born after today', '110105209901011234'],
  ])('refuses %s', (_case, value) => {
    expect(isDocumentNumber(value)).toBe(false);
  });

  it('takes a card of a child born today in Beijing, and refuses one born tomorrow', () => {
    // 8 December 2026, 04:00 in Beijing: still the 7th in UTC.
    const now = Date.parse('2026-12-07T20:00:00Z');
    expect([isDocumentNumber('110105202612081234', now), isDocumentNumber('11010520261209123X', now)]).toEqual([true, false]);
  });
});

describe('documentNumberAsKept', () => {
  it.each([
    ['a card typed with a lower-case x keeps the X its card prints', '11010519491231002x', '11010519491231002X'],
    ['a card with a digit check character as typed', '110105199003071239', '110105199003071239'],
    ['a passport as typed', 'e12345678', 'e12345678'],
  ])('%s', (_case, typed, kept) => {
    expect(documentNumberAsKept(typed)).toBe(kept);
  });
});
