import { randomUUID } from 'node:crypto';
import { ApiClient, type Json } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { TEST_UNITS_SEED } from '../support/test-units';

/**
 * Issue 9, object and property level (docs/rules.md#who-sees-what): a unit sees and acts on only the
 * cases it was notified of. Unit A (dept-market) cannot read, list, export, count in a dashboard, see
 * in an appraisal, or act on unit B's (dept-housing) case: it gets 404 for the case, exactly what an
 * unknown id gets, and the case is absent from every list, file and figure. Units and leaders never
 * receive the complainant's identity or reference, and a body cannot choose the unit a unit acts as.
 * In a case's history a unit reads accountability against itself whole, against another unit or its
 * officials without the person, the forms or the basis (the register's rows are not for units).
 */
describe('object level: unit A and unit B’s case', () => {
  let api: TestApi;
  let client: ApiClient;
  const A = as.unit('dept-market');
  const B = as.unit('dept-housing');
  const LEADER = as.dashboard;
  const ids = { a: '', b: '', bClosed: '', rejected: '', moved: '', named: '' };
  const COMPLAINANT = { anonymous: false, name: '欧阳秀英', phone: '13912345678' };
  const B_TITLE = '住建局窗口拖延施工许可（B的案件）';
  /** Every body a unit or the dashboard role received, for the property-level checks at the end. */
  const seenByUnitsAndLeaders: string[] = [];

  const read = async (path: string, who: Record<string, string>, query: object = {}, status = 200) => {
    const response = await api.http.get(path).query(query).set(who);
    expect({ path, status: response.status }).toEqual({ path, status });
    if (([A, B, LEADER] as Array<Record<string, string>>).includes(who)) seenByUnitsAndLeaders.push(response.text);
    return response;
  };
  /** A list read once the read models have every command so far. */
  const list = async (path: string, who: Record<string, string>, query: object = {}): Promise<Json> =>
    (await read(path, who, { after: client.position, ...query })).body;
  const itemsOf = (page: Json, key = 'id') => page.items.map((i: Json) => i[key] as string);

  beforeAll(async () => {
    api = await startTestApi({ now: '2026-11-16T09:00:00+08:00', env: { APP_ROLE: 'all', UNITS_SEED_FILE: TEST_UNITS_SEED } });
    client = new ApiClient(api);
    const file = (title: string, complainedUnitId: string, complainant: object = COMPLAINANT) =>
      client.fileAndAccept({ title, complainedUnitId, complainant, receivedAt: '2026-11-16T08:30:00+08:00' });
    // Signed for and reported on, the facts not yet established: the handling deadline stays open (overdue list).
    const handle = async (caseId: string, unit: Record<string, string>, unitId: string, factsEstablished = false) => {
      await client.notifyUnit(caseId, unitId, 'lead', '张局长');
      await client.send(`/api/v1/cases/${caseId}/acknowledge`, unit);
      const result = factsEstablished ? '已整改' : null;
      await client.send(`/api/v1/cases/${caseId}/report-handling`, unit, { factsFound: '核查中', factsEstablished, result });
    };

    ids.a = await file('市场监管局登记窗口多次要求补材料（A的案件）', 'dept-market');
    await handle(ids.a, A, 'dept-market');
    await client.send(`/api/v1/cases/${ids.a}/plan-rectification`, A, {
      measures: [
        { description: '一次性告知清单上墙', responsibleUnitId: 'dept-market', responsibleLeader: '张局长', dueDate: '2026-12-01' },
      ],
    });

    ids.b = await file(B_TITLE, 'dept-housing');
    await handle(ids.b, B, 'dept-housing');
    await client.send(`/api/v1/cases/${ids.b}/plan-rectification`, B, {
      measures: [
        { description: '施工许可限时办结', responsibleUnitId: 'dept-housing', responsibleLeader: '李局长', dueDate: '2026-12-01' },
      ],
    });
    await client.send(`/api/v1/cases/${ids.b}/supervise`, as.intake, { unitId: 'dept-housing', level: 'urge', note: '请加快' });

    // B's case closed (anonymous: closes without a return visit), and a complaint rejected before dispatch.
    ids.bClosed = await file('住建局已办结的案件', 'dept-housing', { anonymous: true });
    await handle(ids.bClosed, B, 'dept-housing', true);
    await client.send(`/api/v1/cases/${ids.bClosed}/plan-rectification`, B, { measures: [], noRectificationReason: '已当场纠正' });
    await client.send(`/api/v1/cases/${ids.bClosed}/close`, as.intake, { accountabilityNotRequiredReason: '情节轻微' });
    ids.rejected = await client.file({ title: '不属受理范围', complainedUnitId: 'dept-housing', receivedAt: '2026-11-16T08:30:00+08:00' });
    await client.send(`/api/v1/cases/${ids.rejected}/reject`, as.intake, { reason: '不属于营商环境投诉' });

    // A disputes a case, and intake transfers it to dept-approval: A was notified of it.
    ids.moved = await file('误派给市场监管局的案件', 'dept-approval');
    await client.notifyUnit(ids.moved, 'dept-market', 'lead', '张局长');
    await client.send(`/api/v1/cases/${ids.moved}/dispute-dispatch`, A, { reason: '不属本单位职责' });
    await client.send(`/api/v1/cases/${ids.moved}/transfer`, as.intake, {
      fromUnitId: 'dept-market',
      toUnitId: 'dept-approval',
      reason: '职责划转',
      responsibleLeader: '王局长',
    });

    // dept-approval leads a case and names A responsible for one of its measures (A is not on the case).
    ids.named = await file('行政审批局牵头、市场监管局配合整改的案件', 'dept-approval');
    await handle(ids.named, as.unit('dept-approval'), 'dept-approval');
    await client.send(`/api/v1/cases/${ids.named}/plan-rectification`, as.unit('dept-approval'), {
      measures: [{ description: '联合执法检查', responsibleUnitId: 'dept-market', responsibleLeader: '张局长', dueDate: '2026-12-01' }],
    });
  }, 60_000);
  afterAll(async () => api?.close());

  describe('A cannot read B’s case: 404, the answer an unknown id gets', () => {
    it('by id, as it stood, and its history', async () => {
      const unknown = randomUUID();
      for (const suffix of ['', '/history']) {
        const hidden = (await read(`/api/v1/cases/${ids.b}${suffix}`, A, {}, 404)).body;
        const none = (await read(`/api/v1/cases/${unknown}${suffix}`, A, {}, 404)).body;
        expect(hidden).toEqual({ ...none, caseId: ids.b, instance: none.instance.replace(unknown, ids.b) });
        expect(hidden).toMatchObject({ status: 404, code: 'CASE_NOT_FOUND' });
      }
      await read(`/api/v1/cases/${ids.b}`, A, { asOf: '2026-11-16T09:00:00+08:00' }, 404);
      for (const id of [ids.bClosed, ids.rejected]) await read(`/api/v1/cases/${id}`, A, {}, 404);
      // B and the oversight roles read it.
      await read(`/api/v1/cases/${ids.b}`, B);
      for (const who of [as.intake, as.discipline, as.admin]) await read(`/api/v1/cases/${ids.b}/history`, who);
    });
  });

  describe('A cannot act on B’s case: 404 for every unit command, nothing appended', () => {
    const COMMANDS: Array<[string, object]> = [
      ['acknowledge', {}],
      ['dispute-dispatch', { reason: '不属本单位职责' }],
      ['request-extension', { reason: '需要更多时间', workingDays: 3 }],
      ['report-handling', { factsFound: '已核实', factsEstablished: true, result: '已处理' }],
      ['plan-rectification', { measures: [], noRectificationReason: '无需整改' }],
      ['report-rectification', { measureId: 'M1', report: '已完成' }],
    ];

    it.each(COMMANDS)('%s, on B’s open case, its closed case, a rejected complaint and an unknown id', async (command, body) => {
      for (const id of [ids.b, ids.bClosed, ids.rejected, randomUUID()]) {
        const before = await api.eventCount();
        const response = await api.http.post(`/api/v1/cases/${id}/${command}`).set(A).send(body);
        expect({ id, status: response.status, code: response.body.code }).toEqual({ id, status: 404, code: 'CASE_NOT_FOUND' });
        expect(await api.eventCount()).toBe(before);
      }
    });

    it('If-Match does not give the case away: 404, not 412 with its version', async () => {
      const before = await api.eventCount();
      const response = await api.http.post(`/api/v1/cases/${ids.b}/acknowledge`).set(A).set('If-Match', '"1"').send({});
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'CASE_NOT_FOUND' });
      expect(response.body).not.toHaveProperty('currentVersion');
      expect(await api.eventCount()).toBe(before);
      // On its own case a stale If-Match is still 412.
      const own = api.http.post(`/api/v1/cases/${ids.a}/report-rectification`).set(A).set('If-Match', '"1"');
      expect((await own.send({ measureId: 'M1', report: '已上墙' })).status).toBe(412);
    });
  });

  describe('A cannot list, export or count B’s case', () => {
    it('the case list holds A’s cases only, whatever the filters', async () => {
      expect(itemsOf(await list('/api/v1/cases', A))).toEqual([ids.a]);
      expect(itemsOf(await list('/api/v1/cases', A, { unitId: 'dept-housing' }))).toEqual([]);
      expect(itemsOf(await list('/api/v1/cases', A, { q: '住建局' }))).toEqual([]);
      expect(itemsOf(await list('/api/v1/cases', B))).toEqual(expect.arrayContaining([ids.b, ids.bClosed]));
      expect(itemsOf(await list('/api/v1/cases', as.intake))).toEqual(expect.arrayContaining([ids.a, ids.b]));
    });

    it('the overdue list and its export hold A’s deadlines only', async () => {
      const query = { warningWorkingDays: 10 };
      expect(new Set(itemsOf(await list('/api/v1/overdue', A, query), 'caseId'))).toEqual(new Set([ids.a]));
      expect(itemsOf(await list('/api/v1/overdue', A, { ...query, unitId: 'dept-housing' }), 'caseId')).toEqual([]);
      expect(itemsOf(await list('/api/v1/overdue', as.intake, query), 'caseId')).toEqual(expect.arrayContaining([ids.a, ids.b]));
      const file = await read('/api/v1/overdue/export', A, { ...query, after: client.position, format: 'csv' });
      expect(file.text).toContain(ids.a);
      expect(file.text).not.toContain(ids.b);
      expect(file.text).not.toContain(B_TITLE);
    });

    it('the rectification tracker holds the measures of A’s cases only', async () => {
      expect(new Set(itemsOf(await list('/api/v1/rectifications', A), 'caseId'))).toEqual(new Set([ids.a, ids.named]));
      expect(itemsOf(await list('/api/v1/rectifications', A, { responsibleUnitId: 'dept-market' }), 'caseId')).toEqual(
        expect.arrayContaining([ids.a, ids.named]),
      );
      expect(itemsOf(await list('/api/v1/rectifications', A, { responsibleUnitId: 'dept-housing' }), 'caseId')).toEqual([]);
      expect(itemsOf(await list('/api/v1/rectifications', B), 'caseId')).toEqual([ids.b]);
    });

    it('A’s dashboard counts A’s cases only; another unit’s figures are refused', async () => {
      const period = { from: '2026-11-01', to: '2026-11-30' };
      const own = (await list('/api/v1/dashboard/summary', A, period)).figures;
      const asIntakeSeesA = (await list('/api/v1/dashboard/summary', as.intake, { ...period, unitId: 'dept-market' })).figures;
      const whole = (await list('/api/v1/dashboard/summary', as.intake, period)).figures;
      expect(own).toEqual(asIntakeSeesA);
      // Its own case; the measures it is responsible for: its own and the one dept-approval named it for.
      expect(own).toMatchObject({ received: 1, closed: 0, rectification: { planned: 2 } });
      expect(whole.received).toBeGreaterThanOrEqual(4);
      const trend = await list('/api/v1/dashboard/trend', A, { ...period, interval: 'month' });
      expect(trend.buckets.map((b: Json) => b.figures.received)).toEqual([1]);
      const other = await read('/api/v1/dashboard/summary', A, { ...period, unitId: 'dept-housing' }, 403);
      expect(other.body).toMatchObject({ code: 'FORBIDDEN_UNIT' });
    });

    it('A reads its own appraisal, and another unit’s is 404 as for a unit not appraised', async () => {
      const hidden = (await read('/api/v1/appraisals/2026/units/dept-housing', A, {}, 404)).body;
      const unknown = (await read('/api/v1/appraisals/2026/units/dept-nowhere', A, {}, 404)).body;
      expect(hidden.code).toBe('UNIT_NOT_FOUND');
      expect(unknown.code).toBe('UNIT_NOT_FOUND');
      const own = await read('/api/v1/appraisals/2026/units/dept-market', A, { after: client.position });
      expect(own.text).not.toContain(ids.b);
      // The table, its export and the accountability register are not for units at all.
      for (const path of ['/api/v1/appraisals/2026', '/api/v1/appraisals/2026/export', '/api/v1/accountability'])
        expect((await read(path, A, {}, 403)).body.code).toBe('FORBIDDEN_ROLE');
    });
  });

  it('a measure another case’s lead names A responsible for: A sees that row, its duty, and still not the case', async () => {
    const NAMED_TITLE = '行政审批局牵头、市场监管局配合整改的案件';
    const page = await list('/api/v1/rectifications', A);
    const rows = page.items.filter((m: Json) => m.caseId === ids.named);
    // Not even its title (the 问题 column): A's own case's row names its problem, the lead's row this one's.
    expect(rows).toEqual([
      expect.objectContaining({ measureId: 'M1', responsibleUnitId: 'dept-market', leadUnitId: 'dept-approval', problem: null }),
    ]);
    expect(page.items.find((m: Json) => m.caseId === ids.a).problem).toBe('市场监管局登记窗口多次要求补材料（A的案件）');
    const lead = await list('/api/v1/rectifications', as.unit('dept-approval'));
    expect(lead.items.find((m: Json) => m.caseId === ids.named).problem).toBe(NAMED_TITLE);
    const file = await read('/api/v1/rectifications/export', A, { after: client.position, format: 'csv' });
    expect([file.text.includes(ids.named), file.text.includes(NAMED_TITLE)]).toEqual([true, false]);
    await read(`/api/v1/cases/${ids.named}`, A, {}, 404);
    const report = await api.http
      .post(`/api/v1/cases/${ids.named}/report-rectification`)
      .set(A)
      .send({ measureId: 'M1', report: '已完成' });
    expect({ status: report.status, code: report.body.code }).toEqual({ status: 404, code: 'CASE_NOT_FOUND' });
    expect(itemsOf(await list('/api/v1/cases', A))).not.toContain(ids.named);
  });

  describe('a unit that disputed or was transferred away was notified: it reads the case, it no longer acts on it', () => {
    it('reads it by id and its history; the case leaves its work list; its commands are 422 UNIT_NOT_NOTIFIED', async () => {
      const view = (await read(`/api/v1/cases/${ids.moved}`, A)).body;
      expect(view.units).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ unitId: 'dept-market', status: 'transferred' }),
          expect.objectContaining({ unitId: 'dept-approval', status: 'active' }),
        ]),
      );
      await read(`/api/v1/cases/${ids.moved}/history`, A);
      expect(itemsOf(await list('/api/v1/cases', A))).not.toContain(ids.moved);
      expect(itemsOf(await list('/api/v1/cases', as.unit('dept-approval')))).toContain(ids.moved);
      const before = await api.eventCount();
      const refused = await api.http.post(`/api/v1/cases/${ids.moved}/acknowledge`).set(A).send({});
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 422, code: 'UNIT_NOT_NOTIFIED' });
      expect(await api.eventCount()).toBe(before);
    });

    it('measures planned before a transfer (改派) answer to the new lead, which sees them with their problem; the old lead no longer does', async () => {
      const TITLE = '改派前已制定整改方案的案件';
      const id = await client.fileAndAccept({
        title: TITLE,
        complainedUnitId: 'dept-market',
        complainant: COMPLAINANT,
        receivedAt: '2026-11-16T08:30:00+08:00',
      });
      await client.notifyUnit(id, 'dept-market', 'lead', '张局长');
      await client.send(`/api/v1/cases/${id}/acknowledge`, A);
      await client.send(`/api/v1/cases/${id}/report-handling`, A, { factsFound: '核查中', factsEstablished: false, result: null });
      await client.send(`/api/v1/cases/${id}/plan-rectification`, A, {
        measures: [{ description: '窗口人员培训', responsibleUnitId: 'dept-housing', responsibleLeader: '李局长', dueDate: '2026-12-01' }],
      });
      await client.send(`/api/v1/cases/${id}/transfer`, as.intake, {
        fromUnitId: 'dept-market',
        toUnitId: 'dept-approval',
        reason: '职责划转',
        responsibleLeader: '王局长',
      });
      const rowOf = async (who: Record<string, string>) =>
        ((await list('/api/v1/rectifications', who)).items as Json[]).find((m) => m.caseId === id);
      expect(await rowOf(as.unit('dept-approval'))).toMatchObject({ leadUnitId: 'dept-approval', problem: TITLE });
      expect(await rowOf(A)).toBeUndefined();
      expect(await rowOf(B)).toMatchObject({ responsibleUnitId: 'dept-housing', problem: null }); // its duty, not its case
      expect(itemsOf(await list('/api/v1/rectifications', as.intake, { leadUnitId: 'dept-approval' }), 'caseId')).toContain(id);
      expect(itemsOf(await list('/api/v1/rectifications', as.intake, { leadUnitId: 'dept-market' }), 'caseId')).not.toContain(id);
    });
  });

  describe('property level', () => {
    it('a body cannot choose the unit a unit acts as: 400 naming the field, nothing appended', async () => {
      for (const [command, body] of [
        ['acknowledge', { unitId: 'dept-housing' }],
        ['report-rectification', { measureId: 'M1', report: '已完成', unitId: 'dept-housing' }],
      ] as const) {
        const before = await api.eventCount();
        const response = await api.http.post(`/api/v1/cases/${ids.b}/${command}`).set(A).send(body);
        expect(response.status).toBe(400);
        expect(response.body.errors).toEqual([expect.objectContaining({ field: 'unitId' })]);
        expect(await api.eventCount()).toBe(before);
      }
    });

    it('leaders read aggregates and the lists they act on, not cases, histories or the register’s rows', async () => {
      for (const path of [`/api/v1/cases/${ids.a}`, `/api/v1/cases/${ids.a}/history`, '/api/v1/accountability'])
        expect((await read(path, LEADER, {}, 403)).body.code).toBe('FORBIDDEN_ROLE');
      // The case list: the cases behind a dashboard figure (no complainant data: checked with all they read, below).
      await list('/api/v1/cases', LEADER);
      await list('/api/v1/accountability/summary', LEADER, { year: 2026 });
      await list('/api/v1/overdue', LEADER, { warningWorkingDays: 10 });
      await list('/api/v1/rectifications', LEADER);
      await list('/api/v1/dashboard/summary', LEADER, { from: '2026-11-01', to: '2026-11-30' });
      await list('/api/v1/appraisals/2026', LEADER);
    });

    it('the complainant’s identity and reference reach no unit and no leader', async () => {
      const intakeHistory = (await read(`/api/v1/cases/${ids.a}/history`, as.intake)).body;
      const ref = intakeHistory.events.find((e: Json) => e.type === 'ComplaintFiled').data.complainant.ref as string | null;
      const unitHistory = (await read(`/api/v1/cases/${ids.a}/history`, A)).body;
      const filed = unitHistory.events.find((e: Json) => e.type === 'ComplaintFiled');
      expect(filed.data.complainant.ref ?? null).toBeNull();
      await read(`/api/v1/cases/${ids.a}`, A);
      expect(seenByUnitsAndLeaders.length).toBeGreaterThan(20);
      const seen = seenByUnitsAndLeaders.join('\n');
      for (const secret of [COMPLAINANT.name, COMPLAINANT.phone, ...(ref ? [ref] : [])]) expect(seen).not.toContain(secret);
    });
  });

  describe('accountability on a case, as each role reads its history', () => {
    // A leads, B co-handles, dept-approval is complained about (no part in the handling). The
    // register's rows name officials and the discipline imposed on them: not for units (403).
    const DECISIONS = {
      aPerson: { target: { kind: 'person', unitId: 'dept-market', name: '市场王某', position: '登记窗口负责人' }, forms: ['admonishment'] },
      bPerson: {
        target: { kind: 'person', unitId: 'dept-housing', name: '测试马某', position: '分管副主任' },
        forms: ['removal_from_post'],
      },
      bOrganisation: { target: { kind: 'organisation', unitId: 'dept-housing' }, forms: ['written_self_examination'] },
      complained: { target: { kind: 'person', unitId: 'dept-approval', name: '审批刘某', position: '审批科科长' }, forms: ['demotion'] },
    } as const;
    const basisOf = (key: string) => ({ facts: `${key}：拖延办理，经督办仍未办结`, rule: '《中国共产党问责条例》第七条' });
    let caseId = '';
    /** The AccountabilityIssued entries of the case's history as `who` reads them, by the decision's key. */
    const accountabilityIn = async (who: Record<string, string>) => {
      const history = await read(`/api/v1/cases/${caseId}/history`, who);
      const entries = history.body.events.filter((e: Json) => e.type === 'AccountabilityIssued');
      const byKey = (target: Json) =>
        Object.keys(DECISIONS).find((key) => {
          const sent = DECISIONS[key as keyof typeof DECISIONS].target;
          return sent.kind === target.kind && sent.unitId === target.unitId;
        });
      return { text: history.text, entries: Object.fromEntries(entries.map((e: Json) => [byKey(e.data.target), e])) as Json };
    };
    const withheld = (entry: Json) => ({
      ...entry,
      data: {
        accountabilityId: entry.data.accountabilityId,
        target:
          entry.data.target.kind === 'person'
            ? { kind: 'person', unitId: entry.data.target.unitId, name: null, position: null }
            : { kind: 'organisation', unitId: entry.data.target.unitId },
        forms: null,
        basis: null,
      },
    });

    beforeAll(async () => {
      caseId = await client.dispatch(
        { title: '市场监管局牵头、住建局配合办理的案件', complainedUnitId: 'dept-approval', receivedAt: '2026-11-16T08:30:00+08:00' },
        'dept-market',
      );
      await client.notifyUnit(caseId, 'dept-housing', 'co', '李局长');
      for (const [key, decision] of Object.entries(DECISIONS))
        await client.send(`/api/v1/cases/${caseId}/issue-accountability`, as.discipline, { ...decision, basis: basisOf(key) });
    });

    it('intake, the discipline office and the admin read every decision whole', async () => {
      for (const who of [as.intake, as.discipline, as.admin]) {
        const { entries } = await accountabilityIn(who);
        for (const [key, decision] of Object.entries(DECISIONS))
          expect({ key, data: entries[key].data }).toEqual({
            key,
            data: { accountabilityId: expect.any(String), ...decision, basis: basisOf(key) },
          });
      }
    });

    it('the lead and the co-handling unit read their own whole, another unit’s without the person, the forms or the basis', async () => {
      const whole = (await accountabilityIn(as.intake)).entries;
      for (const [unit, own] of [
        [A, ['aPerson']],
        [B, ['bPerson', 'bOrganisation']],
      ] as const) {
        const { text, entries } = await accountabilityIn(unit);
        for (const key of Object.keys(DECISIONS)) {
          const seen = (own as readonly string[]).includes(key) ? whole[key] : withheld(whole[key]);
          // Still an accountability decision on the case, against whom by kind and unit, and when.
          expect({ key, entry: entries[key] }).toEqual({ key, entry: seen });
        }
        const others = Object.entries(DECISIONS).filter(([key]) => !(own as readonly string[]).includes(key));
        for (const [key, decision] of others) {
          const secrets = [basisOf(key).facts, ...decision.forms];
          if (decision.target.kind === 'person') secrets.push(decision.target.name, decision.target.position);
          expect({ key, leaks: secrets.filter((secret) => text.includes(secret)) }).toEqual({ key, leaks: [] });
        }
        // The case page counts the decisions; it names no one.
        const page = await read(`/api/v1/cases/${caseId}`, unit);
        expect(page.body.accountabilityIssued).toBe(4);
        for (const [, decision] of others) if (decision.target.kind === 'person') expect(page.text).not.toContain(decision.target.name);
        expect((await read('/api/v1/accountability', unit, {}, 403)).body.code).toBe('FORBIDDEN_ROLE');
      }
    });
  });
});
