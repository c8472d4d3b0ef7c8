import { randomUUID } from 'node:crypto';
import { appraisalStreamId, campaignStreamId, findingStreamId, type CampaignEvent, type FindingEvent } from '@app/domain';
import * as c from '@app/domain/campaign/campaign.fixtures';
import * as f from '@app/domain/finding/finding.fixtures';
import { deterministicUuid, EVENT_STORE, type EventStore } from '@app/event-store';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { parseCsv } from '../support/csv';
import { appendVisible } from '../support/event-log';
import { TEST_UNITS_SEED } from '../support/test-units';
import { heldAtAppend } from '../support/stream-locks';

/**
 * The campaign summary (总结报告) over HTTP, on a campaign and its findings recorded in the log: the
 * figures and the events behind each, as JSON and as the file a leader forwards. (The campaign's
 * and findings' own routes are exercised in the ledger's journey; here the log is written directly,
 * so the summary is checked against exactly the events it must count.)
 */
describe('the campaign summary over HTTP, and a deduction citing a finding', () => {
  let api: TestApi;
  let store: EventStore;
  const campaignId = `MZPY-${Date.now()}`;
  /** A finding as the API names one (a uuid), against a unit of the test registry. */
  const marketFinding = randomUUID();
  let position = '0';
  const ids: Record<string, string[]> = {};

  const record = async (key: string, streamId: string, events: ReadonlyArray<CampaignEvent | FindingEvent>) => {
    const appended = await appendVisible(store, streamId, events);
    ids[key] = appended.eventIds;
    position = appended.position.toString();
  };

  beforeAll(async () => {
    api = await startTestApi({ now: '2026-11-20T10:00:00+08:00', env: { APP_ROLE: 'all', UNITS_SEED_FILE: TEST_UNITS_SEED } });
    store = api.app.get<EventStore>(EVENT_STORE);
    const opened = { ...c.campaignOpened(), data: { ...c.campaignOpened().data, campaignId } };
    await record('campaign', campaignStreamId(campaignId), [opened, c.questionnairesRecorded(500, 473), c.symposiumHeld()]);
    const source = { kind: 'campaign' as const, campaignId };
    await record('a', findingStreamId(`${campaignId}-A`), [
      f.findingRaised({ source }),
      f.measuresPlanned(),
      f.completionReported('M1'),
      f.measureVerified('M1'),
    ]);
    await record('b', findingStreamId(`${campaignId}-B`), [
      f.findingRaised({ source, category: 'poor_service_attitude' }),
      f.measuresPlanned([f.MEASURES[1]]),
    ]);
    await record('market', findingStreamId(marketFinding), [f.findingRaised({ source: { kind: 'inspection' }, unitId: 'dept-market' })]);
  }, 60_000);
  afterAll(async () => api?.close());

  it('answers the figures with the events behind each', async () => {
    const { body } = await api.http.get(`/api/v1/campaigns/${campaignId}/summary`).query({ after: position }).set(as.dashboard).expect(200);
    expect(body).toMatchObject({
      campaignId,
      unitsAppraised: { value: c.APPRAISED.length, events: [ids.campaign[0]] },
      questionnairesIssued: { value: 500, events: [ids.campaign[1]] },
      questionnaireReturnRate: { numerator: { value: 473 }, denominator: { value: 500 }, value: 0.946 },
      suggestionsCollected: { value: 38, events: [ids.campaign[2]] },
      findings: { value: 2, events: [ids.a[0], ids.b[0]] },
      findingsByCategory: { cumbersome_approval: { value: 1 }, poor_service_attitude: { value: 1 } },
      measures: { value: 3, events: [ids.a[1], ids.b[1]] },
      measuresBySizeClass: { immediate: { value: 2 }, supervised: { value: 1 } },
      completedOnTime: { numerator: { value: 1, events: [ids.a[2]] }, denominator: { value: 3 } },
      verified: { value: 1, events: [ids.a[3]] },
    });
  });

  it('gives the summary as a file with Chinese headers, and answers an unknown campaign 404 and a bad id 400', async () => {
    const csv = await api.http
      .get(`/api/v1/campaigns/${campaignId}/summary/export`)
      .query({ format: 'csv', after: position })
      .set(as.intake)
      .expect(200);
    const [headers, ...rows] = parseCsv(csv.text.slice(1));
    expect(headers).toEqual(['指标', '数值', '计算', '依据事件数', '依据事件（事件编号）']);
    const line = (figure: string) => rows.find((r) => r[0] === figure);
    expect(line('问卷回收率（%）')).toEqual(['问卷回收率（%）', '94.6', '473 / 500', '1', ids.campaign[1]]);
    expect(line('收集意见建议（条）')?.slice(0, 2)).toEqual(['收集意见建议（条）', '38']);
    expect(line('整改措施（条）')?.slice(0, 2)).toEqual(['整改措施（条）', '3']);

    const missing = await api.http.get('/api/v1/campaigns/NO-SUCH-CAMPAIGN/summary').set(as.dashboard).expect(404);
    expect(missing.body).toMatchObject({ code: 'CAMPAIGN_NOT_FOUND' });
    const bad = await api.http.get('/api/v1/campaigns/a%20b/summary').set(as.dashboard).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'id' })]);
    await api.http.get(`/api/v1/campaigns/${campaignId}/summary`).set(as.unit('dept-market')).expect(403);
  });

  it('an inspection deduction of the appraisal may cite the finding behind it: of the same unit, standing', async () => {
    const deduction = (unitId: string, deductionId: string, findingId: string) =>
      api.http
        .post(`/api/v1/appraisal-inputs/2026/units/${unitId}/inspection-deductions`)
        .set(as.admin)
        .send({ deductionId, kind: 'lapse', count: 2, reason: '明查暗访发现窗口未一次性告知', occurredOn: '2026-11-10', findingId });
    const recorded = await deduction('dept-market', 'MC-2026-11', marketFinding).expect(200);
    const history = await api.http.get('/api/v1/appraisal-inputs/2026/units/dept-market').set(as.admin).expect(200);
    expect(history.body.inputs.deductions).toEqual([expect.objectContaining({ deductionId: 'MC-2026-11', findingId: marketFinding })]);
    // The appraisal's breakdown names the finding beside the events behind the points.
    const breakdown = await api.http
      .get('/api/v1/appraisals/2026/units/dept-market')
      .query({ after: recorded.body.position })
      .set(as.dashboard)
      .expect(200);
    expect(JSON.stringify(breakdown.body)).toContain(marketFinding);
    const other = await deduction('dept-housing', 'MC-2026-12', marketFinding).expect(422);
    expect(other.body).toMatchObject({ code: 'CITED_FINDING_OF_ANOTHER_UNIT' });
    const none = await deduction('dept-market', 'MC-2026-13', 'NO-SUCH-FINDING').expect(422);
    expect(none.body).toMatchObject({ code: 'CITED_FINDING_NOT_FOUND' });
  });

  it('a finding withdrawn while a deduction citing it is being recorded: the deduction is refused, as if it came after, and nothing of it is written', async () => {
    const findingId = randomUUID();
    await record('racing', findingStreamId(findingId), [f.findingRaised({ source: { kind: 'inspection' }, unitId: 'dept-market' })]);
    const recorded = async () =>
      (await api.http.get('/api/v1/appraisal-inputs/2026/units/dept-market').set(as.admin).expect(200)).body.inputs.deductions.map(
        (d: { deductionId: string }) => d.deductionId,
      );
    const before = await recorded();
    // The deduction's append held at the appraisal stream's lock, after it has read the finding
    // (standing); meanwhile the ledger withdraws the finding; then the append goes on.
    const answered = await heldAtAppend(
      api.db.pool,
      appraisalStreamId('dept-market', 2026),
      () =>
        api.http
          .post('/api/v1/appraisal-inputs/2026/units/dept-market/inspection-deductions')
          .set(as.admin)
          .send({ deductionId: 'MC-2026-RACE', kind: 'lapse', count: 1, reason: '明查暗访发现', occurredOn: '2026-11-10', findingId }),
      () => api.http.post(`/api/v1/findings/${findingId}/withdraw`).set(as.intake).send({ reason: '误报，撤销' }).expect(200),
    );
    expect([answered.status, answered.body.code, answered.body.field]).toEqual([422, 'CITED_FINDING_WITHDRAWN', 'findingId']);
    expect(await recorded()).toEqual(before);
  });

  /** A new 民主评议 campaign of 2026 appraising dept-market, named apart by `tag`; its answer. */
  const openCampaign = (tag: string) =>
    api.http
      .post('/api/v1/campaigns')
      .set(as.intake)
      .send({
        name: `2026年度民主评议（${tag} ${randomUUID().slice(0, 8)}）`,
        year: 2026,
        organiserUnitId: 'dept-approval',
        kind: 'democratic_appraisal',
        appraisedUnitIds: ['dept-market'],
        phases: [{ phase: 'consultation', startsOn: '2026-11-02', endsOn: '2026-11-30' }],
      })
      .expect(201);

  /**
   * A finding raised in a new campaign, its append held at the finding stream's lock (after it has
   * read the campaign) while `meanwhile` acts on the campaign; the raise's answer.
   */
  async function raiseWhile(meanwhile: (campaignId: string) => Promise<unknown>) {
    const opened = await openCampaign('并发');
    // With an Idempotency-Key the finding's id is known ahead (the same on every retry): its stream's lock can be held.
    const key = `raise-${randomUUID()}`;
    const findingId = deterministicUuid(`finding:intake-wang:${key}`);
    const answered = await heldAtAppend(
      api.db.pool,
      findingStreamId(findingId),
      () =>
        api.http
          .post('/api/v1/findings')
          .set(as.intake)
          .set('Idempotency-Key', key)
          .send({
            source: { kind: 'campaign', campaignId: opened.body.id },
            unitId: 'dept-market',
            category: 'cumbersome_approval',
            description: '企业反映材料多次补交',
            raisedBy: { kind: 'enterprise', name: '武汉某某科技有限公司' },
          }),
      () => meanwhile(opened.body.id),
    );
    return { answered, findingId };
  }

  it('a campaign closed while a finding is being raised in it: the finding is refused, as if it came after the close', async () => {
    const { answered, findingId } = await raiseWhile((id) =>
      api.http.post(`/api/v1/campaigns/${id}/close`).set(as.intake).send({ note: '活动结束' }).expect(200),
    );
    expect([answered.status, answered.body.code]).toEqual([422, 'CAMPAIGN_CLOSED']);
    await api.http.get(`/api/v1/findings/${findingId}`).set(as.intake).expect(404);
  });

  it('a campaign that records an activity while a finding is being raised in it: the raise is decided again and filed', async () => {
    const { answered, findingId } = await raiseWhile((id) =>
      api.http
        .post(`/api/v1/campaigns/${id}/activities/questionnaires`)
        .set(as.intake)
        .send({ issued: 200, returned: 180, recordedOn: '2026-11-13' })
        .expect(200),
    );
    expect([answered.status, answered.body.id]).toEqual([201, findingId]);
    await api.http.get(`/api/v1/findings/${findingId}`).set(as.intake).expect(200);
  });

  it('accountability (问责) may be issued on a finding, and the register names the finding', async () => {
    const finding = marketFinding;
    const issue = (who: Record<string, string>, target: object) =>
      api.http
        .post(`/api/v1/findings/${finding}/issue-accountability`)
        .set(who)
        .send({
          target,
          forms: [(target as { kind: string }).kind === 'person' ? 'admonishment' : 'circulated_notice'],
          basis: { facts: '明查暗访发现窗口推诿', rule: '《中国共产党问责条例》第七条' },
        });
    const issued = await issue(as.discipline, { kind: 'person', unitId: 'dept-market', name: '刘科长', position: '登记科科长' }).expect(
      200,
    );
    await issue(as.intake, { kind: 'organisation', unitId: 'dept-market' }).expect(403);
    const elsewhere = await issue(as.discipline, { kind: 'organisation', unitId: 'dept-housing' }).expect(422);
    expect(elsewhere.body).toMatchObject({ code: 'ACCOUNTABILITY_TARGET_NOT_ON_FINDING' });
    const register = await api.http.get('/api/v1/accountability').query({ after: issued.body.position }).set(as.discipline).expect(200);
    expect(register.body.items).toEqual([
      expect.objectContaining({
        caseId: null,
        findingId: finding,
        target: expect.objectContaining({ unitId: 'dept-market', name: '刘科长' }),
      }),
    ]);
  });

  it('问责 issued on a finding of the campaign still counts in its summary once the finding is withdrawn, as in the register', async () => {
    const opened = await openCampaign('问责');
    const raised = await api.http
      .post('/api/v1/findings')
      .set(as.intake)
      .send({
        source: { kind: 'campaign', campaignId: opened.body.id },
        unitId: 'dept-market',
        category: 'poor_service_attitude',
        description: '企业反映窗口推诿',
        raisedBy: { kind: 'enterprise', name: '武汉某某科技有限公司' },
      })
      .expect(201);
    const issued = await api.http
      .post(`/api/v1/findings/${raised.body.id}/issue-accountability`)
      .set(as.discipline)
      .send({
        target: { kind: 'person', unitId: 'dept-market', name: '刘科长', position: '登记科科长' },
        forms: ['admonishment'],
        basis: { facts: '窗口推诿', rule: '《中国共产党问责条例》第七条' },
      })
      .expect(200);
    const summary = async (after: string) =>
      (await api.http.get(`/api/v1/campaigns/${opened.body.id}/summary`).query({ after }).set(as.dashboard).expect(200)).body;
    const before = await summary(issued.body.position);
    expect([before.findings.value, before.accountability.value, before.accountabilityByForm.admonishment?.value]).toEqual([1, 1, 1]);

    const withdrawn = await api.http
      .post(`/api/v1/findings/${raised.body.id}/withdraw`)
      .set(as.intake)
      .send({ reason: '重复登记' })
      .expect(200);
    const after = await summary(withdrawn.body.position);
    // The finding leaves the figures; the decision on it stands, named by the same event.
    expect(after.findings).toEqual({ value: 0, events: [] });
    expect(after.accountability).toEqual(before.accountability);
    expect(after.accountabilityByForm).toEqual(before.accountabilityByForm);
    const register = await api.http.get('/api/v1/accountability').query({ after: withdrawn.body.position }).set(as.discipline).expect(200);
    expect(register.body.items.filter((d: { findingId: string }) => d.findingId === raised.body.id)).toHaveLength(1);
  });
});
