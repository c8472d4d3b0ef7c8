import { randomUUID } from 'node:crypto';
import { ApiClient, complaint } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { TEST_UNITS_SEED } from '../support/test-units';

type Caller = Record<string, string>;

/**
 * What a request names that is not there is 404, whatever else it carries: an unknown case, unit,
 * finding or campaign sent with If-Match is not a 412 (there is no version to compare: the 404
 * comes first, docs/rules.md#who-sees-what), and a thing the path names is 404 even where the same
 * rule about a body field is a 422 (README "Errors"). And a body that contradicts itself or sets a
 * deadline no calendar reaches is a 400 naming the field, not stored in part. Nothing is appended.
 */
describe('answers to what a request names and what it says', () => {
  let api: TestApi;
  let findingId = '';
  let caseId = '';
  const MARKET = as.unit('dept-market');
  const NO_CASE = '00000000-0000-4000-8000-000000000000';

  /** The problem answered, and that nothing was appended for it. */
  const refused = async (path: string, who: Caller, body: object, headers: Caller = {}) => {
    const before = await api.eventCount();
    const response = await api.http
      .post(path)
      .set({ ...who, ...headers })
      .send(body);
    expect(await api.eventCount()).toBe(before);
    return { status: response.status, code: response.body.code, errors: response.body.errors };
  };

  beforeAll(async () => {
    api = await startTestApi({ now: '2026-11-16T09:00:00+08:00', env: { UNITS_SEED_FILE: TEST_UNITS_SEED } });
    caseId = await new ApiClient(api).file(complaint({ title: '营业执照变更多次往返', receivedAt: '2026-11-16T08:00:00+08:00' }));
    const raised = await api.http
      .post('/api/v1/findings')
      .set(as.intake)
      .send({
        source: { kind: 'case', caseId },
        unitId: 'dept-market',
        category: 'cumbersome_approval',
        description: '企业反映营业执照变更需多次往返窗口补交材料',
        raisedBy: { kind: 'enterprise', name: '武汉某某科技有限公司' },
      })
      .expect(201);
    findingId = raised.body.id;
  });
  afterAll(async () => api?.close());

  describe('an unknown thing sent with If-Match is 404, not 412', () => {
    it.each([
      ['supervise', { unitId: 'dept-market', level: 'urge', note: '催办' }],
      ['accept', {}],
      ['close', {}],
    ])('a case: %s', async (action, body) => {
      const ifMatch = { 'If-Match': '"1"' };
      expect(await refused(`/api/v1/cases/${NO_CASE}/${action}`, as.intake, body, ifMatch)).toMatchObject({
        status: 404,
        code: 'CASE_NOT_FOUND',
      });
    });

    it('a unit: rename and retire', async () => {
      const ifMatch = { 'If-Match': '"1"' };
      expect(await refused('/api/v1/units/nope-nope/rename', as.admin, { name: '无此单位' }, ifMatch)).toMatchObject({
        status: 404,
        code: 'UNIT_NOT_FOUND',
      });
      expect(await refused('/api/v1/units/nope-nope/retire', as.admin, { reason: '撤销' }, ifMatch)).toMatchObject({
        status: 404,
        code: 'UNIT_NOT_FOUND',
      });
    });

    it('a finding and a campaign', async () => {
      const ifMatch = { 'If-Match': '"3"' };
      expect(await refused(`/api/v1/findings/${randomUUID()}/withdraw`, as.intake, { reason: '误报' }, ifMatch)).toMatchObject({
        status: 404,
        code: 'FINDING_NOT_FOUND',
      });
      expect(await refused(`/api/v1/campaigns/${randomUUID()}/close`, as.intake, {}, ifMatch)).toMatchObject({
        status: 404,
        code: 'CAMPAIGN_NOT_FOUND',
      });
    });

    it('a thing that exists at another version is still 412', async () => {
      expect(await refused(`/api/v1/findings/${findingId}/withdraw`, as.intake, { reason: '误报' }, { 'If-Match': '"7"' })).toMatchObject({
        status: 412,
        code: 'VERSION_MISMATCH',
      });
    });
  });

  describe('a thing the path names that is not there is 404', () => {
    it('a unit renamed or retired without If-Match, as its GET', async () => {
      expect(await refused('/api/v1/units/nope-nope/rename', as.admin, { name: '无此单位' })).toMatchObject({
        status: 404,
        code: 'UNIT_NOT_FOUND',
      });
      expect(await refused('/api/v1/units/nope-nope/retire', as.admin, { reason: '撤销' })).toMatchObject({
        status: 404,
        code: 'UNIT_NOT_FOUND',
      });
    });

    it('the unit of an appraisal input, recorded or read, named in the problem as the unit’s own GET names it', async () => {
      const score = { score: 90 };
      expect(await refused('/api/v1/appraisal-inputs/2026/units/nope-nope/survey-score', as.admin, score)).toMatchObject({
        status: 404,
        code: 'UNIT_NOT_FOUND',
      });
      const answers = [
        await api.http.post('/api/v1/appraisal-inputs/2026/units/nope-nope/survey-score').set(as.admin).send(score),
        await api.http.get('/api/v1/appraisal-inputs/2026/units/nope-nope').set(as.admin),
        await api.http.get('/api/v1/units/nope-nope').set(as.admin),
      ];
      expect(answers.map((a) => [a.status, a.body.code, a.body.unitId])).toEqual(Array(3).fill([404, 'UNIT_NOT_FOUND', 'nope-nope']));
    });

    it('a measure the finding does not have, also with an If-Match the finding is not at (a finding never loses a measure)', async () => {
      const progress = { progress: '清单已起草' };
      const path = `/api/v1/findings/${findingId}/measures/M9/progress`;
      for (const headers of [{}, { 'If-Match': '"7"' }] as Caller[]) {
        expect(await refused(path, MARKET, progress, headers)).toMatchObject({ status: 404, code: 'MEASURE_NOT_FOUND' });
      }
      // The finding itself, with that If-Match: the precondition fails.
      const measures = [
        {
          description: '编制一次性告知清单并在窗口公示',
          responsibleUnitId: 'dept-market',
          responsibleLeader: '张副局长',
          due: { workingDays: 10, from: '2026-11-16' },
          sizeClass: 'immediate',
          category: 'approval_streamlining',
        },
      ];
      expect(await refused(`/api/v1/findings/${findingId}/measures`, MARKET, { measures }, { 'If-Match': '"7"' })).toMatchObject({
        status: 412,
        code: 'VERSION_MISMATCH',
      });
    });
  });

  describe('a body is taken whole or refused, 400 naming the field', () => {
    it('an id that does not belong to the source’s kind', async () => {
      const finding = {
        unitId: 'dept-market',
        category: 'cumbersome_approval',
        description: '明查暗访发现窗口无人值守',
        raisedBy: { kind: 'inspector', name: '督查组' },
      };
      for (const [source, field] of [
        [{ kind: 'inspection', caseId: NO_CASE }, 'source.caseId'],
        [{ kind: 'case', caseId: NO_CASE, campaignId: NO_CASE }, 'source.campaignId'],
      ] as const) {
        const answer = await refused('/api/v1/findings', as.intake, { ...finding, source });
        expect(answer).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
        expect(answer.errors).toContainEqual({ field, message: expect.stringContaining('only with kind') });
      }
    });

    it('a person’s name beside an organisation held accountable', async () => {
      const body = {
        target: { kind: 'organisation', unitId: 'dept-market', name: '张某' },
        forms: ['circulated_notice'],
        basis: { facts: '多次往返', rule: '《中国共产党问责条例》第七条' },
      };
      const answer = await refused(`/api/v1/findings/${findingId}/issue-accountability`, as.discipline, body);
      expect(answer).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(answer.errors).toContainEqual({ field: 'target.name', message: expect.stringContaining('only with kind person') });
    });

    it('a form of accountability listed twice, on a finding and on a case (it was recorded once, unseen)', async () => {
      const body = {
        target: { kind: 'person', unitId: 'dept-market', name: '张某', position: '科长' },
        forms: ['admonishment', 'admonishment'],
        basis: { facts: '多次往返', rule: '《中国共产党问责条例》第七条' },
      };
      for (const path of [`/api/v1/findings/${findingId}/issue-accountability`, `/api/v1/cases/${caseId}/issue-accountability`]) {
        const answer = await refused(path, as.discipline, body);
        expect(answer).toEqual({
          status: 400,
          code: 'VALIDATION_FAILED',
          errors: [{ field: 'forms', message: 'forms must not list a form twice' }],
        });
      }
    });

    it('a measure due on a date no calendar reaches (never overdue)', async () => {
      const measure = {
        description: '编制一次性告知清单并在窗口公示',
        responsibleUnitId: 'dept-market',
        responsibleLeader: '张副局长',
        due: { date: '9999-12-31' },
        sizeClass: 'immediate',
        category: 'approval_streamlining',
      };
      const answer = await refused(`/api/v1/findings/${findingId}/measures`, MARKET, { measures: [measure] });
      expect(answer).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(answer.errors).toEqual([{ field: 'measures[0].due.date', message: 'measures[0].due.date must be a date from 2000 to 2100' }]);
      // A year no calendar is published for yet is still a due date (it needs none to be counted to).
      await api.http
        .post(`/api/v1/findings/${findingId}/measures`)
        .set(MARKET)
        .send({ measures: [{ ...measure, due: { date: '2031-06-30' } }] })
        .expect(200);
    });
  });
});
