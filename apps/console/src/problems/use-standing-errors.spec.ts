import { reactive, ref, shallowRef } from 'vue';
import { useStandingErrors } from './use-standing-errors';
import { fieldErrorsOf, type ProblemLike } from './problem-text';

const LABELS = { 'basis.facts': '问责事实', 'basis.rule': '依据规定', 'categories[].label': '类别名称' };
const refusal = (problem: { code: string; [fact: string]: unknown }): ProblemLike => ({ status: 400, problem: { title: 'x', ...problem } });
const blank = (...fields: string[]): ProblemLike =>
  refusal({ code: 'VALIDATION_FAILED', errors: fields.map((field) => ({ field, message: `${field} should not be empty` })) });

/** A form as a view holds it: its inputs, the last refusal, the checks it makes itself before sending. */
function formOf(shown = ['basis.facts', 'basis.rule', 'categories[].label']) {
  const form = reactive({ facts: '', rule: '', categories: [{ label: '' }] });
  const error = shallowRef<ProblemLike | null>(null);
  const local = ref<Record<string, string>>({});
  const body = () => ({ basis: { facts: form.facts, rule: form.rule }, categories: form.categories.map((c) => ({ ...c })) });
  const standing = useStandingErrors({
    error: () => error.value,
    refused: () => ({ ...fieldErrorsOf(error.value, LABELS), ...local.value }),
    body,
    shown: () => shown,
  });
  return { form, error, local, body, ...standing };
}

describe('useStandingErrors: a refused form as the user corrects it', () => {
  it('drops the error of a field once it is changed; the untouched field keeps its own, and the banner (which only restated them) stays away', () => {
    const f = formOf();
    f.remember(f.body());
    f.error.value = blank('body.basis.facts', 'body.basis.rule');
    expect(f.errors.value).toEqual({ 'basis.facts': '请填写问责事实', 'basis.rule': '请填写依据规定' });
    expect(f.banner.value).toBeNull();
    f.form.facts = '拖延办理';
    expect(f.errors.value).toEqual({ 'basis.rule': '请填写依据规定' });
  });

  it('finds a row of a list by its path, and keeps what was sent apart from the form edited since', () => {
    const f = formOf();
    const sent = f.body();
    f.remember(sent);
    f.error.value = blank('categories[0].label');
    expect(f.errors.value).toEqual({ 'categories[0].label': '请填写类别名称' });
    sent.categories[0].label = '审批'; // the body handed over, changed after: what was sent is not
    expect(f.errors.value).toEqual({ 'categories[0].label': '请填写类别名称' });
    f.form.categories[0].label = '审批繁琐';
    expect(f.errors.value).toEqual({});
  });

  it('treats the form’s own asks as the API’s: gone once their field changes, back at the next check', () => {
    const f = formOf();
    f.remember(f.body());
    f.local.value = { 'basis.rule': '请填写依据的规定' };
    f.form.rule = '第七条';
    expect(f.errors.value).toEqual({});
    f.form.rule = '';
    expect(f.errors.value).toEqual({ 'basis.rule': '请填写依据的规定' });
  });

  it('takes the banner away with the last field error it restated, keeps one about a field the form does not show', () => {
    const f = formOf(['basis.facts']);
    f.remember(f.body());
    const both = blank('body.basis.facts', 'body.basis.rule');
    f.error.value = both;
    expect(f.banner.value).toBe(both); // 依据规定 has no input here: said in the banner
    f.form.facts = '拖延办理';
    expect(f.banner.value).toBe(both);
    f.form.rule = '第七条';
    expect(f.banner.value).toBeNull();
    // A refusal naming no field is not answered by changing the form: it stays until the next send.
    const stale = refusal({ code: 'CALENDAR_YEAR_MISSING' });
    f.error.value = stale;
    f.form.facts = '另述';
    expect(f.banner.value).toBe(stale);
  });

  it('shows every error as refused until a body is remembered, and after `forget`', () => {
    const f = formOf();
    f.error.value = blank('body.basis.facts');
    f.form.facts = '已填';
    expect(f.errors.value).toEqual({ 'basis.facts': '请填写问责事实' });
    f.remember({ basis: { facts: '' } });
    expect(f.errors.value).toEqual({});
    f.forget();
    expect(f.errors.value).toEqual({ 'basis.facts': '请填写问责事实' });
  });

  it('reads a refusal against the body remembered (a picker sent empty), and gives the errors as refused beside those standing', () => {
    const form = reactive({ unitId: '', note: '' });
    const error = shallowRef<ProblemLike | null>(null);
    const body = () => ({ unitId: form.unitId, note: form.note });
    const f = useStandingErrors({
      error: () => error.value,
      refused: (sent) => fieldErrorsOf(error.value, { unitId: '责任单位' }, { choices: ['unitId'], sent: sent ?? undefined }),
      body,
      shown: () => ['unitId', 'note'],
    });
    f.remember(body());
    error.value = refusal({ code: 'VALIDATION_FAILED', errors: [{ field: 'body.unitId', message: 'unitId must be a UUID' }] });
    expect(f.errors.value).toEqual({ unitId: '请选择责任单位' });
    form.unitId = '0b5f3c1e-1f2a-4b3c-8d4e-5f6a7b8c9d0e';
    expect(f.errors.value).toEqual({});
    expect(f.refused.value).toEqual({ unitId: '请选择责任单位' });
    f.forget();
    expect(f.refused.value).toEqual({ unitId: '责任单位有误' }); // read without what was sent: not known to be empty
  });

  it('keeps each value remembered as the form had it: a typed 「-0」 or a number too long for a double still equals itself', () => {
    const form = reactive({ score: -0, sample: Number('9'.repeat(400)) });
    const error = shallowRef<ProblemLike | null>(null);
    const body = () => ({ score: form.score, sampleSize: form.sample });
    const f = useStandingErrors({
      error: () => error.value,
      refused: () => fieldErrorsOf(error.value),
      body,
      shown: () => ['score', 'sampleSize'],
    });
    f.remember(body());
    error.value = blank('body.score', 'body.sampleSize');
    expect(Object.keys(f.errors.value)).toEqual(['score', 'sampleSize']);
    form.score = 0;
    expect(Object.keys(f.errors.value)).toEqual(['sampleSize']);
  });
});
