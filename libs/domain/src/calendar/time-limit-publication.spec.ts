import { givenFor, refusal } from '../shared/decider-specification';
import { chineseDaysYears } from './chinese-days-years';
import { DeadlineRules } from './deadline-rules';
import { DEFAULT_TIME_LIMIT_POLICY } from './time-limit-policy';
import {
  policyFrom,
  TimeLimitPublicationErrors as E,
  timeLimitPublicationDecider,
  type PublishTimeLimitPolicy,
  type TimeLimitPolicyPublished,
} from './time-limit-publication';
import { WorkingCalendar } from './working-calendar';

const publish = (overrides: Partial<PublishTimeLimitPolicy> = {}): PublishTimeLimitPolicy => ({
  type: 'PublishTimeLimitPolicy',
  at: '2026-11-21T02:00:00Z',
  categories: [
    { code: 'complaint_runaround', label: '投诉处理难', handlingWorkingDays: 15 },
    { code: 'enquiry', label: '政策咨询', handlingWorkingDays: 5 },
  ],
  signForWorkingDays: 2,
  urgencyOverrides: { urgent: { handlingWorkingDays: 5 }, emergency: { signForWorkingDays: 0, handlingWorkingDays: 1 } },
  openCasesByCategory: {},
  ...overrides,
});

const published = (revision: number, overrides: Partial<TimeLimitPolicyPublished['data']> = {}): TimeLimitPolicyPublished => ({
  type: 'TimeLimitPolicyPublished',
  data: {
    categories: [
      { code: 'complaint_runaround', label: '投诉处理难', handlingWorkingDays: 15 },
      { code: 'enquiry', label: '政策咨询', handlingWorkingDays: 5 },
    ],
    signForWorkingDays: 2,
    urgencyOverrides: { urgent: { handlingWorkingDays: 5 }, emergency: { signForWorkingDays: 0, handlingWorkingDays: 1 } },
    revision,
    ...overrides,
  },
});

const given = givenFor(timeLimitPublicationDecider);

describe('publishing the time-limit policy (stream config-time-limits)', () => {
  it('given no publication, when a policy is published, then TimeLimitPolicyPublished with revision 1', () => {
    expect(given([]).when(publish())).toEqual([published(1)]);
  });

  it('given two publications, when a third is published, then revision 3', () => {
    expect(given([published(1), published(2, { signForWorkingDays: 1 })]).when(publish({ signForWorkingDays: 3 }))).toEqual([
      published(3, { signForWorkingDays: 3 }),
    ]);
  });

  it('given the same policy in force, when it is published again (a retried PUT), then nothing is recorded', () => {
    expect(given([published(1)]).when(publish())).toEqual([]);
  });

  it('given the same policy in force, when only an override changes, then it is a new revision', () => {
    expect(
      given([published(1)]).when(publish({ urgencyOverrides: { emergency: { signForWorkingDays: 0, handlingWorkingDays: 0 } } })),
    ).toEqual([published(2, { urgencyOverrides: { emergency: { signForWorkingDays: 0, handlingWorkingDays: 0 } } })]);
  });

  it('accepts 0 working days (same day) and 60, no overrides, and trims labels', () => {
    const decision = given([]).when(
      publish({
        categories: [
          { code: 'ab', label: ' 咨询 ', handlingWorkingDays: 0 },
          { code: 'cd', label: 'x', handlingWorkingDays: 60 },
        ],
        urgencyOverrides: {},
      }),
    );
    expect(decision).toEqual([
      published(1, {
        categories: [
          { code: 'ab', label: '咨询', handlingWorkingDays: 0 },
          { code: 'cd', label: 'x', handlingWorkingDays: 60 },
        ],
        urgencyOverrides: {},
      }),
    ]);
  });

  describe('refuses, naming the rule', () => {
    it('no categories: CATEGORIES_EMPTY', () => {
      expect(refusal(given([]).when(publish({ categories: [] })))).toEqual({ code: E.CATEGORIES_EMPTY, details: {} });
    });

    it.each(['Enquiry', 'a', '1abc', 'en-quiry', 'en quiry', `a${'b'.repeat(41)}`, ''])(
      'the category code "%s": INVALID_CATEGORY_CODE',
      (code) => {
        expect(refusal(given([]).when(publish({ categories: [{ code, label: '咨询', handlingWorkingDays: 3 }] })))).toEqual({
          code: E.INVALID_CATEGORY_CODE,
          details: { categoryCode: code, field: 'categories[0].code' },
        });
      },
    );

    it('a code twice: DUPLICATE_CATEGORY_CODE, naming the second by its index', () => {
      const categories = [
        { code: 'enquiry', label: '政策咨询', handlingWorkingDays: 3 },
        { code: 'complaint_runaround', label: '投诉处理难', handlingWorkingDays: 15 },
        { code: 'enquiry', label: '咨询', handlingWorkingDays: 5 },
      ];
      expect(refusal(given([]).when(publish({ categories })))).toEqual({
        code: E.DUPLICATE_CATEGORY_CODE,
        details: { categoryCode: 'enquiry', field: 'categories[2].code' },
      });
    });

    it.each(['  ', '\u200b'])('a blank label (%j): CATEGORY_LABEL_MISSING', (label) => {
      expect(refusal(given([]).when(publish({ categories: [{ code: 'enquiry', label, handlingWorkingDays: 3 }] })))).toEqual({
        code: E.CATEGORY_LABEL_MISSING,
        details: { categoryCode: 'enquiry', field: 'categories[0].label' },
      });
    });

    it.each([-1, 61, 2.5, Number.NaN])('handling working days %s: INVALID_TIME_LIMIT, naming the category by its index', (days) => {
      const categories = [
        { code: 'complaint_runaround', label: '投诉处理难', handlingWorkingDays: 15 },
        { code: 'enquiry', label: '咨询', handlingWorkingDays: days },
      ];
      expect(refusal(given([]).when(publish({ categories })))).toEqual({
        code: E.INVALID_TIME_LIMIT,
        details: { field: 'categories[1].handlingWorkingDays', value: days },
      });
    });

    it.each(['5', '', null, true])('working days given as %j (no number): INVALID_TIME_LIMIT says a whole number is wanted', (value) => {
      const urgencyOverrides = { urgent: { handlingWorkingDays: value } };
      const decided = given([]).when(publish({ urgencyOverrides }));
      expect(refusal(decided)).toEqual({
        code: E.INVALID_TIME_LIMIT,
        details: { field: 'urgencyOverrides.urgent.handlingWorkingDays', value },
      });
      expect((decided as Error).message).toBe(
        `urgencyOverrides.urgent.handlingWorkingDays must be a whole number of working days (a number, not ${typeof value === 'string' ? `text: "${value}"` : JSON.stringify(value)})`,
      );
    });

    it.each([-1, 61, 0.5])('sign-for working days %s: INVALID_TIME_LIMIT', (days) => {
      expect(refusal(given([]).when(publish({ signForWorkingDays: days })))).toEqual({
        code: E.INVALID_TIME_LIMIT,
        details: { field: 'signForWorkingDays', value: days },
      });
    });

    it('an override of working days out of range: INVALID_TIME_LIMIT', () => {
      expect(refusal(given([]).when(publish({ urgencyOverrides: { urgent: { handlingWorkingDays: 90 } } })))).toEqual({
        code: E.INVALID_TIME_LIMIT,
        details: { field: 'urgencyOverrides.urgent.handlingWorkingDays', value: 90 },
      });
    });

    it('an override for an urgency that does not exist: UNKNOWN_URGENCY', () => {
      expect(refusal(given([]).when(publish({ urgencyOverrides: { critical: { handlingWorkingDays: 0 } } })))).toEqual({
        code: E.UNKNOWN_URGENCY,
        details: { urgency: 'critical', known: ['normal', 'urgent', 'emergency'], field: 'urgencyOverrides.critical' },
      });
    });

    it('an override setting something other than the two limits: INVALID_URGENCY_OVERRIDE', () => {
      expect(refusal(given([]).when(publish({ urgencyOverrides: { urgent: { handlingHours: 4 } } })))).toEqual({
        code: E.INVALID_URGENCY_OVERRIDE,
        details: { urgency: 'urgent', field: 'urgencyOverrides.urgent.handlingHours' },
      });
    });

    it('an override that is not an object: INVALID_URGENCY_OVERRIDE', () => {
      const urgencyOverrides = { urgent: 3 } as unknown as PublishTimeLimitPolicy['urgencyOverrides'];
      expect(refusal(given([]).when(publish({ urgencyOverrides })))).toEqual({
        code: E.INVALID_URGENCY_OVERRIDE,
        details: { urgency: 'urgent', field: 'urgencyOverrides.urgent' },
      });
    });

    it('a category that open cases use, dropped: CATEGORY_IN_USE, naming each and the open cases', () => {
      const openCasesByCategory = { cumbersome_approval: 4, enquiry: 2, market_disorder: 1, poor_service_attitude: 0 };
      expect(refusal(given([]).when(publish({ openCasesByCategory })))).toEqual({
        code: E.CATEGORY_IN_USE,
        details: {
          categories: ['cumbersome_approval', 'market_disorder'],
          openCases: 5,
          openCasesByCategory: { cumbersome_approval: 4, market_disorder: 1 },
        },
      });
    });
  });

  describe('categories in use by open cases', () => {
    it('may be kept with a new label or limit: a new revision', () => {
      const categories = [
        { code: 'complaint_runaround', label: '投诉处理难（含转办）', handlingWorkingDays: 20 },
        { code: 'enquiry', label: '政策咨询', handlingWorkingDays: 5 },
      ];
      expect(given([published(1)]).when(publish({ categories, openCasesByCategory: { complaint_runaround: 3, enquiry: 1 } }))).toEqual([
        published(2, { categories }),
      ]);
    });

    it('a category no open case uses (any more) may be dropped', () => {
      expect(given([]).when(publish({ openCasesByCategory: { market_disorder: 0 } }))).toEqual([published(1)]);
    });

    it('the same policy again records nothing, whatever the cases use', () => {
      expect(given([published(1)]).when(publish({ openCasesByCategory: { market_disorder: 2 } }))).toEqual([]);
    });
  });
});

describe('policyFrom: the policy in force', () => {
  it('with no publication, the default policy (time-limits@default)', () => {
    expect(policyFrom([])).toBe(DEFAULT_TIME_LIMIT_POLICY);
  });

  it('the latest publication, versioned time-limits@<revision>', () => {
    const policy = policyFrom([published(1, { signForWorkingDays: 1 }), published(2)]);
    expect(policy).toEqual({
      version: 'time-limits@2',
      categories: published(2).data.categories,
      signForWorkingDays: 2,
      urgencyOverrides: published(2).data.urgencyOverrides,
    });
  });

  it('is what DeadlineRules compute due dates with, and the version they record', () => {
    const rules = new DeadlineRules(new WorkingCalendar(chineseDaysYears()), policyFrom([published(1)]));
    // Thursday 24 September 2026: sign-for 2 working days, handling 15 (National Day in between).
    expect(rules.dueDates('complaint_runaround', 'normal', '2026-09-24T02:00:00Z', '2026-09-24T02:00:00Z')).toMatchObject({
      signForDue: '2026-09-29',
      handlingDue: '2026-10-22',
      timeLimitsVersion: 'time-limits@1',
    });
    expect(rules.dueDates('enquiry', 'emergency', '2026-09-24T02:00:00Z', '2026-09-24T02:00:00Z')).toMatchObject({
      signForDue: '2026-09-24',
      handlingDue: '2026-09-28', // 1 working day, overridden for emergencies: 25 Sep is 中秋, so Monday 28
    });
  });
});
