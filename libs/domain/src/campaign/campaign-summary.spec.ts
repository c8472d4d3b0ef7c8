import type { FindingEvent } from '../finding/finding.events';
import * as f from '../finding/finding.fixtures';
import type { CampaignEvent } from './campaign.events';
import * as c from './campaign.fixtures';
import { summariseCampaign, type RecordedEvent } from './campaign-summary';

/** Events as the summary is handed them, each named `<prefix>-<n>` as the log would name it by its event id. */
const recorded = <E>(prefix: string, events: readonly E[]): RecordedEvent<E>[] =>
  events.map((event, i) => ({ ref: `${prefix}-${i + 1}`, event }));

const campaign: CampaignEvent[] = [
  c.campaignOpened(),
  c.questionnairesRecorded(300, 281),
  c.questionnairesRecorded(200, 192),
  c.symposiumHeld(),
  c.symposiumHeld({ meetingId: 'ZT-02', title: '税务窗口座谈会', attendance: 12, suggestionsCollected: 5 }),
  { type: 'ParticipantsRecorded', data: { group: 'cppcc_member', count: 130, recordedOn: '2026-10-23' } },
];

const recheckConfirmed = (measureId: string): FindingEvent => ({
  type: 'MeasureRecheckConfirmed',
  data: { measureId, note: null, recheckedAt: '2026-12-18T10:00:00+08:00' },
});
const reopened = (measureId: string): FindingEvent => ({
  type: 'MeasureReopened',
  data: { measureId, reason: '反弹', dueDate: '2027-01-15' },
});

describe('the campaign summary (总结报告): every figure from the events, naming them', () => {
  it('states units appraised, questionnaires and their return rate, meetings, attendance and suggestions, participants', () => {
    const summary = summariseCampaign(recorded('c', campaign), []);
    expect(summary).toMatchObject({
      campaignId: c.CAMPAIGN_ID,
      closed: false,
      unitsAppraised: { value: c.APPRAISED.length, events: ['c-1'] },
      questionnairesIssued: { value: 500, events: ['c-2', 'c-3'] },
      questionnairesReturned: { value: 473, events: ['c-2', 'c-3'] },
      meetings: { value: 2, events: ['c-4', 'c-5'] },
      attendance: { value: 38, events: ['c-4', 'c-5'] },
      suggestionsCollected: { value: 43, events: ['c-4', 'c-5'] },
      participants: { cppcc_member: { value: 130, events: ['c-6'] } },
    });
    expect(summary.questionnaireReturnRate.value).toBeCloseTo(0.946, 3);
    // Nothing found yet: shares have nothing to count.
    expect(summary.completedOnTime).toEqual({ numerator: { value: 0, events: [] }, denominator: { value: 0, events: [] }, value: null });
  });

  it('counts findings and measures by category and size class; done on time is judged by the recorded report against the due day', () => {
    // Finding A: M1 (due 13 Nov) reported 12 Nov, verified, re-checked; M2 (due 6 Nov) reported 12 Nov: late.
    const a = recorded('a', [...f.verifiedFinding, recheckConfirmed('M1'), f.completionReported('M2')]);
    // Finding B: M1 rejected then redone on its due day, verified, then reopened at the 回头看; M2 never reported.
    const b = recorded('b', [
      ...f.plannedFinding,
      f.completionReported('M1', '2026-11-10T15:00:00+08:00'),
      f.measureRejected('M1'),
      f.completionReported('M1', '2026-11-13T23:30:00+08:00'),
      f.measureVerified('M1'),
      reopened('M1'),
    ]);
    // Finding C: withdrawn: counts nowhere.
    const withdrawn: FindingEvent = { type: 'FindingWithdrawn', data: { reason: '重复', withdrawnAt: '2026-10-22T09:00:00+08:00' } };
    const w = recorded('w', [...f.plannedFinding, withdrawn]);

    const summary = summariseCampaign(recorded('c', campaign), [a, b, w]);
    expect(summary.findings).toEqual({ value: 2, events: ['a-1', 'b-1'] });
    expect(summary.findingsByCategory).toEqual({ cumbersome_approval: { value: 2, events: ['a-1', 'b-1'] } });
    expect(summary.measures).toEqual({ value: 4, events: ['a-2', 'b-2'] });
    expect(summary.measuresBySizeClass).toEqual({
      immediate: { value: 2, events: ['a-2', 'b-2'] },
      supervised: { value: 2, events: ['a-2', 'b-2'] },
    });
    expect(Object.keys(summary.measuresByCategory)).toEqual(['approval_streamlining', 'time_limited_service']);
    // Done: A's M1 (re-checked) and M2 (reported); B's M1 was reopened, so its completion no longer stands.
    expect(summary.completed).toMatchObject({ numerator: { value: 2, events: ['a-3', 'a-6'] }, denominator: { value: 4 }, value: 0.5 });
    // On time: only A's M1; A's M2 was reported six days after its due day.
    expect(summary.completedOnTime).toMatchObject({ numerator: { value: 1, events: ['a-3'] }, value: 0.25 });
    // Verified: A's M1 (re-checked since); B's M1 was reopened by its 回头看, so its 验收 no longer stands.
    expect(summary.verified).toEqual({ value: 1, events: ['a-4'] });
    expect(summary.rechecksPassed).toMatchObject({
      numerator: { value: 1, events: ['a-5'] },
      denominator: { value: 2, events: ['a-5', 'b-7'] },
      value: 0.5,
    });
    expect(summary.reopened).toEqual({ value: 1, events: ['b-7'] });
    expect(summary.accountability).toEqual({ value: 0, events: [] });
  });

  describe('验收通过 counts each measure once, while its 验收 stands', () => {
    it('given a measure verified, reopened by its 回头看 as 反弹, reported and verified again: one measure verified, named by its second 验收', () => {
      const a = recorded('a', [
        ...f.plannedFinding, // a-1 raised, a-2 two measures planned
        f.completionReported('M1'), // a-3
        f.measureVerified('M1'), // a-4
        reopened('M1'), // a-5
        f.completionReported('M1', '2027-01-10T15:00:00+08:00'), // a-6
        f.measureVerified('M1'), // a-7
      ]);
      const summary = summariseCampaign(recorded('c', campaign), [a]);
      expect(summary.verified).toEqual({ value: 1, events: ['a-7'] });
      // As done counts it: once, by the completion that stands.
      expect(summary.completed.numerator).toEqual({ value: 1, events: ['a-6'] });
      expect(summary.reopened).toEqual({ value: 1, events: ['a-5'] });
    });

    it('given a measure verified and then confirmed by its 回头看: still verified once, by its 验收', () => {
      const a = recorded('a', [...f.verifiedFinding, recheckConfirmed('M1')]);
      expect(summariseCampaign(recorded('c', campaign), [a]).verified).toEqual({ value: 1, events: ['a-4'] });
    });

    it('given a measure verified and then reopened by its 回头看 and not yet verified again: not verified', () => {
      const a = recorded('a', [...f.verifiedFinding, reopened('M1'), f.completionReported('M1', '2027-01-10T15:00:00+08:00')]);
      const summary = summariseCampaign(recorded('c', campaign), [a]);
      expect(summary.verified).toEqual({ value: 0, events: [] });
      // Reported again, so done, but awaiting its new 验收.
      expect(summary.completed.numerator).toEqual({ value: 1, events: ['a-6'] });
    });
  });

  const issued: FindingEvent = {
    type: 'AccountabilityIssued',
    data: {
      accountabilityId: 'WZ-1',
      target: { kind: 'person', unitId: f.CONSTRUCTION, name: '王海', position: '副局长' },
      forms: ['admonishment', 'circulated_notice'],
      basis: { facts: '整改逾期', rule: '《问责条例》第七条' },
    },
  };

  it('counts accountability issued on the campaign’s findings, by form', () => {
    const a = recorded('a', [...f.plannedFinding, issued]);
    const summary = summariseCampaign(recorded('c', campaign), [a]);
    expect(summary.accountability).toEqual({ value: 1, events: ['a-3'] });
    expect(summary.accountabilityByForm).toEqual({
      admonishment: { value: 1, events: ['a-3'] },
      circulated_notice: { value: 1, events: ['a-3'] },
    });
  });

  it('given 问责 issued on a finding later withdrawn: the decision still counts, the finding and its measures do not', () => {
    const withdrawn: FindingEvent = { type: 'FindingWithdrawn', data: { reason: '重复登记', withdrawnAt: '2026-11-25T09:00:00+08:00' } };
    const w = recorded('w', [
      ...f.plannedFinding, // w-1 raised, w-2 two measures planned
      f.completionReported('M1'), // w-3
      issued, // w-4
      withdrawn, // w-5
    ]);
    const summary = summariseCampaign(recorded('c', campaign), [w]);
    // The decision stands, as the register, the appraisal and the rankings keep counting it.
    expect(summary.accountability).toEqual({ value: 1, events: ['w-4'] });
    expect(summary.accountabilityByForm).toEqual({
      admonishment: { value: 1, events: ['w-4'] },
      circulated_notice: { value: 1, events: ['w-4'] },
    });
    // The finding raised in error is left out of every other figure.
    expect(summary.findings).toEqual({ value: 0, events: [] });
    expect(summary.findingsByCategory).toEqual({});
    expect(summary.measures).toEqual({ value: 0, events: [] });
    expect(summary.completed.numerator).toEqual({ value: 0, events: [] });
  });

  it('a report made on the due day up to its last minute in Beijing is on time', () => {
    const b = recorded('b', [...f.plannedFinding, f.completionReported('M2', '2026-11-06T23:59:00+08:00')]);
    expect(summariseCampaign(recorded('c', campaign), [b]).completedOnTime.numerator.value).toBe(1);
    const late = recorded('l', [...f.plannedFinding, f.completionReported('M2', '2026-11-07T00:00:00+08:00')]);
    expect(summariseCampaign(recorded('c', campaign), [late]).completedOnTime.numerator.value).toBe(0);
  });
});
