import {
  beijingInstant,
  beijingNowInput,
  describeEvent,
  eventDetails,
  nextDay,
  orderedActions,
  receivedRange,
  unitStatusName,
} from './labels';
import { confirmationOf } from './confirmations';

describe('the case screens in Chinese', () => {
  const names: Record<string, string> = { 'dept-market': '区市场监督管理局' };
  const unitName = (id: string) => names[id] ?? id;

  it('tells each event of a case as a sentence, with unit names and dates in Chinese', () => {
    expect(
      describeEvent(
        {
          type: 'UnitNotified',
          data: { unitId: 'dept-market', role: 'lead', responsibleLeader: '张局长', signForDue: '2026-09-28', handlingDue: '2026-10-15' },
        },
        unitName,
      ),
    ).toBe('交办区市场监督管理局（主办，责任领导张局长），签收期限2026年9月28日，办理期限2026年10月15日');
    expect(describeEvent({ type: 'UnitAcknowledged', data: { unitId: 'dept-market' } }, unitName)).toBe('区市场监督管理局签收');
    expect(describeEvent({ type: 'ReturnVisitRecorded', data: { satisfaction: 'basically_satisfied', note: null } })).toBe(
      '回访投诉人：基本满意',
    );
    expect(describeEvent({ type: 'CaseClosed', data: { accountabilityNotRequiredReason: '情节轻微' } })).toBe('办结：不需问责：情节轻微');
    expect(describeEvent({ type: 'RectificationPlanned', data: { unitId: 'x', measures: [{}, {}], noRectificationReason: null } })).toBe(
      'x制定整改方案，整改措施2项',
    );
  });

  it('shows a handling report’s 查明情况 and 办理结果 both, each on its line under the sentence', () => {
    const report = {
      type: 'HandlingReported',
      data: { unitId: 'dept-market', factsFound: '窗口人员未一次性告知所需材料', factsEstablished: true, result: '已当场办结许可证' },
    };
    expect(describeEvent(report, unitName)).toBe('区市场监督管理局报告办理情况（问题已查清）');
    expect(eventDetails(report)).toEqual([
      { label: '查明情况', text: '窗口人员未一次性告知所需材料' },
      { label: '办理结果', text: '已当场办结许可证' },
    ]);
    const interim = {
      type: 'HandlingReported',
      data: { unitId: 'dept-market', factsFound: '正在调取录像', factsEstablished: false, result: null },
    };
    expect(describeEvent(interim, unitName)).toBe('区市场监督管理局报告阶段性办理情况（问题尚在核查）');
    expect(eventDetails(interim)).toEqual([{ label: '查明情况', text: '正在调取录像' }]);
    expect(eventDetails({ type: 'CaseClosed', data: { accountabilityNotRequiredReason: '情节轻微' } })).toEqual([]);
  });

  it('says a unit still on a closed case is done with it, not 办理中 (the API keeps it `active`)', () => {
    expect(unitStatusName('active', 'in_progress')).toBe('办理中');
    expect(unitStatusName('active', 'closed')).toBe('已办结');
    expect(unitStatusName('transferred', 'closed')).toBe('已改派');
    expect(unitStatusName('disputed', 'closed')).toBe('已退回');
  });

  it('shows an event type it does not know by its name', () => {
    expect(describeEvent({ type: 'SomethingNew', data: {} })).toBe('SomethingNew');
  });

  it('orders the allowed actions as the page shows them', () => {
    expect(orderedActions(['close', 'accept', 'record-return-visit'])).toEqual(['accept', 'record-return-visit', 'close']);
  });

  it('takes dates and times as Beijing time whatever the browser’s zone', () => {
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(receivedRange('2026-03-01', '2026-03-31')).toEqual({
      receivedFrom: '2026-03-01T00:00:00+08:00',
      receivedTo: '2026-04-01T00:00:00+08:00',
    });
    expect(receivedRange()).toEqual({});
    expect(beijingNowInput(new Date('2026-03-01T17:05:09Z'))).toBe('2026-03-02 01:05:09');
    expect(beijingInstant('2026-03-02 01:05:09')).toBe('2026-03-02T01:05:09+08:00');
    expect(beijingInstant('')).toBe('');
  });

  it('asks before every act on a case that cannot be taken back, saying what follows; not before the others', () => {
    const asked = [
      'close',
      'reject',
      'dispute-dispatch',
      'report-rectification',
      'verify-rectification',
      'reopen',
      'review-reopen',
    ] as const;
    for (const action of asked) expect([action, confirmationOf(action)]).toEqual([action, expect.stringMatching(/确定.+？$/)]);
    expect(confirmationOf('verify-rectification', false)).toContain('退回');
    expect(confirmationOf('verify-rectification', true)).toContain('验收通过');
    for (const action of ['accept', 'acknowledge', 'request-extension', 'record-return-visit'] as const)
      expect(confirmationOf(action)).toBeNull();
  });

  it('asks a unit before it disputes a dispatch (退回（异议）), naming the case it gives up and what follows', () => {
    expect(confirmationOf('dispute-dispatch', true, '营业执照变更反复补材料')).toBe(
      '退回后本单位即退出案件「营业执照变更反复补材料」的办理，且不能撤回；由受理部门改派其他单位或重新交办。确定退回？',
    );
    // The title not read (yet): the case all the same.
    expect(confirmationOf('dispute-dispatch')).toBe(
      '退回后本单位即退出此案件的办理，且不能撤回；由受理部门改派其他单位或重新交办。确定退回？',
    );
    // Only the dispute names the case: the other acts' words stay as they were.
    expect(confirmationOf('close', true, '营业执照变更反复补材料')).toBe(confirmationOf('close'));
  });
});
