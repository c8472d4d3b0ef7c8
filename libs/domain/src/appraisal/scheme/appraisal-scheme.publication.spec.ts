import { replay } from '../../shared/decider';
import { DeciderSpecification } from '../../shared/decider-specification';
import { DEFAULT_APPRAISAL_SCHEME, type AppraisalScheme } from './appraisal-scheme.model';
import {
  appraisalSchemeDecider,
  appraisalSchemeInForce,
  appraisalSchemeStreamId,
  type AppraisalSchemePublished,
  type PublishAppraisalScheme,
} from './appraisal-scheme.publication';

const spec = DeciderSpecification.for(appraisalSchemeDecider);
const AT = '2026-12-01T02:00:00Z';

/** 2026 scheme of a place that also weights the case indicators and deducts for overdue cases. */
const WITH_CASES: AppraisalScheme = {
  ...DEFAULT_APPRAISAL_SCHEME,
  kinds: {
    department: {
      inputs: { survey: 40, concentratedEvaluation: 40, onlineVote: 0 },
      indicators: { responseRate: 5, onTimeCompletionRate: 5, completionRate: 0, satisfactionRate: 10, reopenRate: 0 },
    },
    town: DEFAULT_APPRAISAL_SCHEME.kinds.town,
    window: DEFAULT_APPRAISAL_SCHEME.kinds.window,
  },
  caseDeductions: { perOverdueCase: 0.5, perAccountability: 1 },
  note: '区营商办〔2026〕12号',
};

const publish = (scheme: Partial<AppraisalScheme> = {}, year = 2026): PublishAppraisalScheme => ({
  type: 'PublishAppraisalScheme',
  at: AT,
  year,
  scheme: { ...WITH_CASES, ...scheme },
});
const published = (revision: number, scheme: AppraisalScheme = WITH_CASES): AppraisalSchemePublished => ({
  type: 'AppraisalSchemePublished',
  data: { year: 2026, scheme, revision },
});

/** A scheme with one field replaced by something a loose caller might send. */
const withKind = (unitKind: 'department' | 'town' | 'window', kind: unknown) =>
  ({ kinds: { ...WITH_CASES.kinds, [unitKind]: kind } }) as Partial<AppraisalScheme>;

describe('publishing a year’s appraisal scheme (stream config-appraisal-scheme-<year>)', () => {
  it('the stream is named by the year', () => {
    expect(appraisalSchemeStreamId(2026)).toBe('config-appraisal-scheme-2026');
  });

  it('given no publication, when a scheme is published, then AppraisalSchemePublished with revision 1', () => {
    spec
      .given([])
      .when(publish())
      .then([published(1)]);
  });

  it('given two publications, when an amended scheme is published, then its revision is 3', () => {
    const amended = { ...WITH_CASES, note: '区营商办〔2026〕15号（修订）' };
    spec
      .given([published(1), published(2, DEFAULT_APPRAISAL_SCHEME)])
      .when(publish(amended))
      .then([published(3, amended)]);
  });

  it('given the same scheme in force, when it is published again (a retried PUT), then nothing is recorded', () => {
    spec
      .given([published(1)])
      .when(publish())
      .thenNothing();
  });

  it('the scheme in force read back with its keys in another order (as jsonb returns them) is still the same scheme', () => {
    const reversed = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reversed)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reversed(v)]),
            )
          : value;
    const stored = reversed(published(1)) as AppraisalSchemePublished;
    expect(JSON.stringify(stored.data.scheme)).not.toBe(JSON.stringify(WITH_CASES));
    spec.given([stored]).when(publish()).thenNothing();
  });

  it('texts are trimmed and only the scheme’s own fields are kept', () => {
    const loose = { ...WITH_CASES, note: '  区营商办〔2026〕12号 ', extra: 'dropped' } as AppraisalScheme;
    spec
      .given([])
      .when(publish(loose))
      .then([published(1)]);
  });

  it('numbers within binary rounding of hundredths are recorded rounded, never as sent', () => {
    const department = WITH_CASES.kinds.department;
    const sent = {
      ...withKind('department', {
        inputs: { ...department.inputs, survey: 39.999999999, concentratedEvaluation: 40.000000001 },
        indicators: { ...department.indicators, responseRate: 5 + 1e-12 },
      }),
      caseDeductions: { perOverdueCase: 0.1 + 0.4, perAccountability: 1 },
      grades: DEFAULT_APPRAISAL_SCHEME.grades.map((band, i) => ({ ...band, minScore: i === 0 ? band.minScore + 1e-9 : band.minScore })),
      consequence: { ...DEFAULT_APPRAISAL_SCHEME.consequence, below: DEFAULT_APPRAISAL_SCHEME.consequence.below - 1e-9 },
    };
    spec
      .given([])
      .when(publish(sent))
      .then([published(1)]);
  });

  it('an omitted indicator or input weight is 0', () => {
    const sparse = withKind('window', { inputs: { survey: 70, onlineVote: 30 } });
    spec
      .given([])
      .when(publish(sparse))
      .then([published(1)]);
  });

  describe('refuses, naming the rule', () => {
    it.each([1999, 2101, 2026.5, Number.NaN])('a year outside 2000–2100 or not whole: %p', (year) => {
      spec.given([]).when(publish({}, year)).thenError('INVALID_APPRAISAL_YEAR', { field: 'year' });
    });

    it('a scheme for another year than the stream’s', () => {
      spec
        .given([published(1)])
        .when(publish({}, 2027))
        .thenError('INVALID_APPRAISAL_YEAR');
    });

    it('a unit kind without weights', () => {
      spec
        .given([])
        .when(publish(withKind('town', undefined)))
        .thenError('SCHEME_UNIT_KIND_MISSING', { unitKind: 'town' });
    });

    it('weights of a kind that do not add up to 100%', () => {
      const short = withKind('department', {
        inputs: { survey: 50, concentratedEvaluation: 40, onlineVote: 0 },
        indicators: WITH_CASES.kinds.town.indicators,
      });
      spec.given([]).when(publish(short)).thenError('WEIGHTS_NOT_100', { unitKind: 'department', total: 90 });
    });

    it('weights adding up to 100.01%', () => {
      const over = withKind('window', {
        inputs: { survey: 70.01, concentratedEvaluation: 0, onlineVote: 30 },
        indicators: WITH_CASES.kinds.window.indicators,
      });
      spec.given([]).when(publish(over)).thenError('WEIGHTS_NOT_100', { unitKind: 'window', total: 100.01 });
    });

    it('weights with two decimals that add up to exactly 100% are accepted', () => {
      const thirds = withKind('town', {
        inputs: { survey: 33.33, concentratedEvaluation: 33.33, onlineVote: 0 },
        indicators: { responseRate: 33.34, onTimeCompletionRate: 0, completionRate: 0, satisfactionRate: 0, reopenRate: 0 },
      });
      expect(appraisalSchemeDecider.decide(publish(thirds), replay(appraisalSchemeDecider, []))).toHaveLength(1);
    });

    it.each([
      ['a negative weight', -10, 110],
      ['a weight over 100', 120, -20],
      ['a weight with three decimals', 50.005, 49.995],
    ])('%s', (_, survey, concentratedEvaluation) => {
      const bad = withKind('department', {
        inputs: { survey, concentratedEvaluation, onlineVote: 0 },
        indicators: WITH_CASES.kinds.town.indicators,
      });
      spec.given([]).when(publish(bad)).thenError('INVALID_WEIGHT', { field: 'kinds.department.inputs.survey' });
    });

    it('a weight that is not a number', () => {
      const bad = withKind('department', { inputs: { survey: '50', concentratedEvaluation: 50 } });
      spec.given([]).when(publish(bad)).thenError('INVALID_WEIGHT', { field: 'kinds.department.inputs.survey' });
    });

    it('an indicator weight out of range names the indicator', () => {
      const bad = withKind('town', { inputs: { survey: 50, concentratedEvaluation: 50 }, indicators: { reopenRate: -5 } });
      spec.given([]).when(publish(bad)).thenError('INVALID_WEIGHT', { field: 'kinds.town.indicators.reopenRate' });
    });

    it('a weight on an input the kind is not appraised by (windows have no concentrated evaluation)', () => {
      const bad = withKind('window', { inputs: { survey: 50, concentratedEvaluation: 20, onlineVote: 30 } });
      spec.given([]).when(publish(bad)).thenError('WEIGHT_NOT_FOR_UNIT_KIND', { unitKind: 'window', input: 'concentratedEvaluation' });
    });

    it('a weight on online voting for departments', () => {
      const bad = withKind('department', { inputs: { survey: 50, concentratedEvaluation: 20, onlineVote: 30 } });
      spec.given([]).when(publish(bad)).thenError('WEIGHT_NOT_FOR_UNIT_KIND', { unitKind: 'department', input: 'onlineVote' });
    });

    it.each([
      ['perOverdueCase', -0.5],
      ['perAccountability', 0.125],
    ])('a case deduction %s of %p points', (key, points) => {
      spec
        .given([])
        .when(publish({ caseDeductions: { ...WITH_CASES.caseDeductions, [key]: points } }))
        .thenError('INVALID_CASE_DEDUCTION', { field: `caseDeductions.${key}` });
    });

    it('no grades', () => {
      spec
        .given([])
        .when(publish({ grades: [] }))
        .thenError('GRADE_BANDS_EMPTY');
    });

    it('grades not strictly descending', () => {
      const grades = [
        { grade: '优秀', minScore: 90 },
        { grade: '良好', minScore: 90 },
        { grade: '不合格', minScore: 0 },
      ];
      spec.given([]).when(publish({ grades })).thenError('GRADE_BANDS_NOT_ORDERED', { field: 'grades[1].minScore' });
    });

    it('grades listed from the lowest up', () => {
      const grades = [
        { grade: '不合格', minScore: 0 },
        { grade: '合格', minScore: 70 },
      ];
      spec.given([]).when(publish({ grades })).thenError('GRADE_BANDS_NOT_ORDERED');
    });

    it('a lowest grade that does not start at 0 (a score would have no grade)', () => {
      const grades = [
        { grade: '优秀', minScore: 90 },
        { grade: '合格', minScore: 60 },
      ];
      spec.given([]).when(publish({ grades })).thenError('GRADE_BANDS_NOT_FROM_ZERO', { field: 'grades[1].minScore' });
    });

    it('a grade named twice', () => {
      const grades = [
        { grade: '合格', minScore: 90 },
        { grade: ' 合格 ', minScore: 0 },
      ];
      spec.given([]).when(publish({ grades })).thenError('DUPLICATE_GRADE', { grade: '合格' });
    });

    it.each([
      [{ grade: '', minScore: 0 }, 'grades[0].grade'],
      [{ grade: '\u200b', minScore: 0 }, 'grades[0].grade'], // a zero-width space shows nothing
      [{ grade: '优秀', minScore: 101 }, 'grades[0].minScore'],
    ])('a grade band %o', (band, field) => {
      spec
        .given([])
        .when(publish({ grades: [band] }))
        .thenError('INVALID_GRADE_BAND', { field });
    });

    it('a consequence threshold outside 0–100', () => {
      spec
        .given([])
        .when(publish({ consequence: { below: 170, measure: '诫勉谈话' } }))
        .thenError('INVALID_CONSEQUENCE', { field: 'consequence.below' });
    });

    it.each([' ', '\u200b\u200d'])('a consequence without its measure (%j)', (measure) => {
      spec
        .given([])
        .when(publish({ consequence: { below: 70, measure } }))
        .thenError('INVALID_CONSEQUENCE', { field: 'consequence.measure' });
    });

    it.each(['', '\u200b', '\ufeff\u3000'])('a scheme that does not say where it comes from (%j)', (note) => {
      spec.given([]).when(publish({ note })).thenError('SCHEME_NOTE_MISSING', { field: 'note' });
    });
  });
});

describe('the scheme in force for a year', () => {
  it('with no publication, it is the default scheme of the seed report: 50/50, windows 70/30, 优秀 to 不合格, 诫勉谈话 below 70', () => {
    const inForce = appraisalSchemeInForce(2026, null);
    expect(inForce).toMatchObject({ year: 2026, revision: null, version: 'appraisal-scheme@default' });
    expect(inForce.scheme.kinds.department.inputs).toEqual({ survey: 50, concentratedEvaluation: 50, onlineVote: 0 });
    expect(inForce.scheme.kinds.town.inputs).toEqual({ survey: 50, concentratedEvaluation: 50, onlineVote: 0 });
    expect(inForce.scheme.kinds.window.inputs).toEqual({ survey: 70, concentratedEvaluation: 0, onlineVote: 30 });
    expect(Object.values(inForce.scheme.kinds.window.indicators)).toEqual([0, 0, 0, 0, 0]);
    expect(inForce.scheme.caseDeductions).toEqual({ perOverdueCase: 0, perAccountability: 0 });
    expect(inForce.scheme.grades.map((g) => `${g.grade}≥${g.minScore}`)).toEqual(['优秀≥90', '良好≥80', '合格≥70', '不合格≥0']);
    expect(inForce.scheme.consequence).toEqual({ below: 70, measure: expect.stringMatching(/诫勉谈话.*组织处理/) });
  });

  it('the default scheme itself passes the rules a published one must keep', () => {
    const decision = appraisalSchemeDecider.decide(publish(DEFAULT_APPRAISAL_SCHEME), replay(appraisalSchemeDecider, []));
    expect(decision).toEqual([published(1, DEFAULT_APPRAISAL_SCHEME)]);
  });

  it('the latest publication of the year is in force, its version naming year and revision', () => {
    const state = replay(appraisalSchemeDecider, [published(1, DEFAULT_APPRAISAL_SCHEME), published(2)]);
    expect(appraisalSchemeInForce(2026, state.current)).toEqual({
      year: 2026,
      scheme: WITH_CASES,
      revision: 2,
      version: 'appraisal-scheme-2026@2',
    });
  });
});
