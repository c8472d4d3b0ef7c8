import { blankBeforeConfirming, confirmationOf } from './confirmations';

describe('an act that cannot be taken back, its form left blank', () => {
  it('is stopped at the blank field before the confirmation: the reason, the report', () => {
    for (const action of ['reject', 'dispute-dispatch', 'reopen', 'review-reopen']) {
      expect([action, blankBeforeConfirming(action, { reason: '  ' }, false)]).toEqual([action, ['reason']]);
      expect(blankBeforeConfirming(action, { reason: '不属于本单位职责' }, false)).toEqual([]);
    }
    expect(blankBeforeConfirming('report-rectification', { measureId: 'M1', report: '' }, false)).toEqual(['report']);
  });

  it('asks for 验收意见 only when rejecting, and 不需问责理由 only when no accountability was issued', () => {
    expect(blankBeforeConfirming('verify-rectification', { measureId: 'M1', approve: false, note: null }, false)).toEqual(['note']);
    expect(blankBeforeConfirming('verify-rectification', { measureId: 'M1', approve: true, note: null }, false)).toEqual([]);
    expect(blankBeforeConfirming('close', { accountabilityNotRequiredReason: null }, false)).toEqual(['accountabilityNotRequiredReason']);
    expect(blankBeforeConfirming('close', { accountabilityNotRequiredReason: null }, true)).toEqual([]);
  });

  it('names only acts that ask for confirmation', () => {
    for (const action of [
      'reject',
      'dispute-dispatch',
      'reopen',
      'review-reopen',
      'report-rectification',
      'verify-rectification',
      'close',
    ]) {
      expect(confirmationOf(action)).not.toBeNull();
    }
    expect(blankBeforeConfirming('accept', { note: null }, false)).toEqual([]);
  });
});
