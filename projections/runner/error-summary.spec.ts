import { ERROR_SUMMARY_LENGTH, errorSummary } from './error-summary';

/** What a stopped read model's error says in /api/v1/health/details: the kind of error, no personal data. */
describe('the error summary of a stopped read model', () => {
  it('says the SQLSTATE of a database error and masks the value it quotes, keeping the identifiers', () => {
    const invalid = Object.assign(new Error('invalid input syntax for type integer: "张三"'), { code: '22P02' });
    expect(errorSummary(invalid)).toBe('SQLSTATE 22P02: invalid input syntax for type integer: "…"');
    const duplicate = Object.assign(new Error('duplicate key value violates unique constraint "case_list__g1_pkey"'), { code: '23505' });
    expect(errorSummary(duplicate)).toBe('SQLSTATE 23505: duplicate key value violates unique constraint "case_list__g1_pkey"');
  });

  it("masks a handler's own message built from the data: names, phones, ID numbers, e-mail addresses", () => {
    const error = new TypeError("complainant 李四 (13912345678, ID 110101199003074512, li.si@example.cn) has no 'unit x'");
    expect(errorSummary(error)).toBe("TypeError: complainant … (#, ID #, …@…) has no '…'");
  });

  it('is bounded', () => {
    const summary = errorSummary(new Error('x'.repeat(5000)));
    expect(summary).toHaveLength(ERROR_SUMMARY_LENGTH);
    expect(summary.endsWith('…')).toBe(true);
    expect(errorSummary('not an error')).toBe('Error: not an error');
  });
});
