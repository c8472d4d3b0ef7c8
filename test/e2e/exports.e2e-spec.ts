import ExcelJS from 'exceljs';
import { campaignStreamId, findingStreamId, type CampaignEvent, type FindingEvent } from '@app/domain';
import * as c from '@app/domain/campaign/campaign.fixtures';
import * as f from '@app/domain/finding/finding.fixtures';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { ApiClient, PHONE_AT_WORK_DEDUCTION, type Json as Row } from '../support/api-client';
import { parseCsv } from '../support/csv';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { appendVisible } from '../support/event-log';
import { TEST_UNITS_SEED } from '../support/test-units';

type Cell = string | number | null;

/**
 * Exports a user hands to a leader (导出): the appraisal table and the overdue list (红黄牌) as xlsx
 * and csv, driven by real commands, each parsed back and compared cell by cell with the JSON list
 * a user sees on screen.
 */
describe('exports of the appraisal table and the overdue list', () => {
  let api: TestApi;
  let client: ApiClient;
  const ids = { a: '', b: '' };

  const json = (path: string, query: object, who = as.dashboard): Promise<Row> => client.read(path, query, who);
  /** The file as bytes, whatever its type (supertest only buffers text by itself). */
  const download = (path: string, query: object, who = as.dashboard) =>
    api.http
      .get(path)
      .query({ after: client.position, ...query })
      .set(who)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      }) as unknown as Promise<{ status: number; headers: Record<string, string>; body: Buffer }>;

  beforeAll(async () => {
    api = await startTestApi({ now: '2026-11-20T10:00:00+08:00', env: { APP_ROLE: 'all', UNITS_SEED_FILE: TEST_UNITS_SEED } });
    client = new ApiClient(api);
    await client.recordAppraisalInput('dept-market', 'survey-score', { score: 86.5 });
    await client.recordAppraisalInput('dept-market', 'concentrated-evaluation-score', { score: 90 });
    await client.recordAppraisalInput('dept-market', 'inspection-deductions', PHONE_AT_WORK_DEDUCTION);
    // Weighted, 69.99 gives points with more than two decimals: the file must show them, not 2-decimal rounding.
    await client.recordAppraisalInput('town-yangluo', 'survey-score', { score: 69.99 });
    await client.recordAppraisalInput('town-yangluo', 'concentrated-evaluation-score', { score: 66.5 });
    await client.recordAppraisalInput('dept-approval', 'survey-score', { score: 95 });

    const file = (title: string) => client.fileAndAccept({ title, receivedAt: '2026-11-20T08:30:00+08:00' });
    // A title with a quote and a comma (CSV quoting), and one a spreadsheet would take for a formula.
    ids.a = await file('施工许可"一次性告知",未落实');
    await client.notifyUnit(ids.a, 'dept-market', 'lead', '张局长');
    await client.notifyUnit(ids.a, 'dept-housing', 'co', '李局长');
    ids.b = await file('=1+1 审批超时');
    await client.notifyUnit(ids.b, 'dept-approval', 'lead', '王局长');
    await client.send(`/api/v1/cases/${ids.b}/acknowledge`, as.unit('dept-approval'));
    await client.send(`/api/v1/cases/${ids.b}/request-extension`, as.unit('dept-approval'), { reason: '需组织专家论证', workingDays: 3 });
    await client.send(`/api/v1/cases/${ids.b}/decide-extension`, as.intake, { unitId: 'dept-approval', approve: true, reason: '同意' });
    await client.send(`/api/v1/cases/${ids.a}/supervise`, as.intake, { unitId: 'dept-market', level: 'supervise', note: '请尽快签收' });
    // Wednesday 25 November: the sign-for deadlines of Monday 23rd are 2 working days overdue.
    api.clock.set('2026-11-25T10:00:00+08:00');
  }, 60_000);
  afterAll(async () => api?.close());

  /** What a leader should read in each column, derived from the JSON row independently of the export code. */
  const APPRAISAL_HEADERS = [
    '单位编号',
    '单位',
    '类别',
    '测评状态',
    '缺少的测评',
    '加权得分',
    '扣分',
    '得分',
    '等级',
    '排名',
    '是否低于70分',
    '处理意见',
  ];
  const KIND: Row = { department: '部门', town: '街镇', window: '窗口' };
  const MISSING: Row = { survey: '抽样问卷调查', concentratedEvaluation: '集中评议', onlineVote: '网上投票' };
  const appraisalCells = (u: Row): Cell[] => [
    u.unitId,
    u.name,
    KIND[u.kind],
    u.status === 'complete' ? '齐全' : '缺项',
    u.missing.map((m: string) => MISSING[m]).join('、') || null,
    u.weightedPoints,
    u.deductedPoints,
    u.score,
    u.grade,
    u.rank,
    u.belowThreshold ? '是' : '否',
    u.consequence,
  ];
  const APPRAISAL_DECIMALS = [null, null, null, null, null, 4, 2, 2, null, 0, null, null];

  const OVERDUE_HEADERS = [
    '案件编号',
    '案件标题',
    '办理轮次',
    '单位编号',
    '单位',
    '主办/协办',
    '责任领导',
    '时限类型',
    '到期日',
    '红黄牌',
    '超期工作日',
    '剩余工作日',
    '督办次数',
    '最高督办级别',
    '延期次数',
    '延期工作日',
    '延期前到期日',
  ];
  const UNIT_NAMES: Row = { 'dept-market': '区市场监督管理局', 'dept-housing': '区住房和城乡建设局', 'dept-approval': '区行政审批局' };
  const overdueCells = (i: Row): Cell[] => [
    i.caseId,
    i.title,
    i.round,
    i.unitId,
    UNIT_NAMES[i.unitId],
    { lead: '主办', co: '协办' }[i.unitRole as string] ?? null,
    i.responsibleLeader,
    { sign_for: '签收', handling: '办结' }[i.kind as string] ?? null,
    i.dueDate,
    i.card === 'red' ? '红牌' : '黄牌',
    i.workingDaysOverdue,
    i.workingDaysLeft,
    i.supervision.count,
    { urge: '催办', supervise: '督办', listed: '挂牌督办' }[i.supervision.level as string] ?? null,
    i.extension?.times ?? 0,
    i.extension?.grantedWorkingDays ?? 0,
    i.extension?.previousDue ?? null,
  ];
  const OVERDUE_DECIMALS = [null, null, 0, null, null, null, null, null, null, null, 0, 0, 0, null, 0, 0, null];

  /** A cell as the CSV writes it: fixed decimals for numbers, empty for nothing, formulas defused. */
  const asCsv = (cells: Cell[], decimals: (number | null)[]) =>
    cells.map((c, i) => (c === null ? '' : typeof c === 'number' ? c.toFixed(decimals[i] ?? 0) : /^[=+\-@]/.test(c) ? `'${c}` : c));

  async function sheetOf(body: Buffer) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    expect(workbook.worksheets).toHaveLength(1);
    const sheet = workbook.worksheets[0];
    const width = sheet.columnCount;
    const rows: Cell[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) =>
      rows.push(Array.from({ length: width }, (_, i) => (row.getCell(i + 1).value as Cell) ?? null)),
    );
    return { sheet, rows };
  }
  const fileName = (disposition: string) => decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? '');

  it('the appraisal table as xlsx: the JSON table’s rows under Chinese headers, bold and frozen, scores as numbers', async () => {
    const table = await json('/api/v1/appraisals/2026', {});
    const response = await download('/api/v1/appraisals/2026/export', { format: 'xlsx' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="appraisals-2026\.xlsx"; filename\*=UTF-8''/);
    expect(fileName(response.headers['content-disposition'])).toBe('2026年度评议结果.xlsx');

    const { sheet, rows } = await sheetOf(response.body);
    const [headers, ...data] = rows;
    expect(headers).toEqual(APPRAISAL_HEADERS);
    expect(data).toEqual(table.units.map(appraisalCells));
    expect(data.find((r) => r[0] === 'town-yangluo')).toEqual([
      'town-yangluo',
      '阳逻街道',
      '街镇',
      '齐全',
      null,
      // 69.99 and 66.5 weighted: 68.245, scored 68.25 (half up): the file keeps both, as the JSON does.
      68.245,
      0,
      68.25,
      '不合格',
      1,
      '是',
      '对主要负责同志进行诫勉谈话或予以组织处理',
    ]);
    expect(data.find((r) => r[0] === 'dept-approval')?.slice(3, 8)).toEqual(['缺项', '集中评议', 47.5, 0, null]);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(2).width).toBeGreaterThanOrEqual(20);
    expect(sheet.getColumn(8).numFmt).toBe('0.00');
    expect(sheet.getColumn(6).numFmt).toBe('0.0000');
  });

  it('the appraisal table as CSV: UTF-8 with BOM, RFC 4180, the same rows; `kind` filters as on screen', async () => {
    const table = await json('/api/v1/appraisals/2026', {});
    const response = await download('/api/v1/appraisals/2026/export', { format: 'csv' });
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="appraisals-2026.csv"; filename*=UTF-8''${encodeURIComponent('2026年度评议结果.csv')}`,
    );
    expect([...response.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [headers, ...data] = parseCsv(response.body.toString('utf8').slice(1));
    expect(headers).toEqual(APPRAISAL_HEADERS);
    expect(data).toEqual(table.units.map((u: Row) => asCsv(appraisalCells(u), APPRAISAL_DECIMALS)));
    // 88.25 − 1.00: the weighted points to four decimals (they may have more than two), the rest to two.
    expect(data.find((r) => r[0] === 'dept-market')).toEqual([
      'dept-market',
      '区市场监督管理局',
      '部门',
      '齐全',
      '',
      '88.2500',
      '1.00',
      '87.25',
      '良好',
      '1',
      '否',
      '',
    ]);

    const towns = await download('/api/v1/appraisals/2026/export', { format: 'csv', kind: 'town' });
    expect(
      parseCsv(towns.body.toString('utf8').slice(1))
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(['town-yangluo']);
    expect(fileName(towns.headers['content-disposition'])).toBe('2026年度评议结果（街镇）.csv');
  });

  it('the appraisal table’s header names the threshold of the year’s scheme, the one its rows follow', async () => {
    // 2026 runs under the default scheme (below 70); 2025 gets a scheme of its own, below 80.
    const thresholdHeader = (headers: Cell[]) => headers.find((h) => typeof h === 'string' && h.startsWith('是否低于'));
    const defaultCsv = await download('/api/v1/appraisals/2026/export', { format: 'csv' });
    expect(thresholdHeader(parseCsv(defaultCsv.body.toString('utf8').slice(1))[0])).toBe('是否低于70分');

    await client.recordAppraisalInput('town-yangluo', 'survey-score', { score: 78 }, 2025);
    await client.recordAppraisalInput('town-yangluo', 'concentrated-evaluation-score', { score: 76 }, 2025);
    await client.recordAppraisalInput('dept-market', 'survey-score', { score: 86.5 }, 2025);
    await client.recordAppraisalInput('dept-market', 'concentrated-evaluation-score', { score: 90 }, 2025);
    const { scheme } = (await api.http.get('/api/v1/admin/appraisal-schemes/2025').set(as.admin).expect(200)).body;
    const published = await api.http
      .put('/api/v1/admin/appraisal-schemes/2025')
      .set(as.admin)
      .send({ ...scheme, consequence: { below: 80, measure: '约谈80' } })
      .expect(200);
    client.position = published.body.position; // reads wait for the read model to have the scheme
    const headers = APPRAISAL_HEADERS.map((h) => (h === '是否低于70分' ? '是否低于80分' : h));

    const table = await json('/api/v1/appraisals/2025', { kind: 'department' });
    const csv = await download('/api/v1/appraisals/2025/export', { format: 'csv', kind: 'department' });
    const [csvHeaders, ...csvRows] = parseCsv(csv.body.toString('utf8').slice(1));
    expect(csvHeaders).toEqual(headers);
    expect(csvRows).toEqual(table.units.map((u: Row) => asCsv(appraisalCells(u), APPRAISAL_DECIMALS)));
    expect(csvRows.find((r) => r[0] === 'dept-market')?.slice(7, 12)).toEqual(['88.25', '良好', '1', '否', '']);

    // 77.00: above the default's 70, below this scheme's 80.
    const { rows } = await sheetOf((await download('/api/v1/appraisals/2025/export', { format: 'xlsx' })).body);
    expect(rows[0]).toEqual(headers);
    expect(rows.find((r) => r[0] === 'town-yangluo')?.slice(7)).toEqual([77, '合格', 1, '是', '约谈80']);
  });

  it('the overdue list as xlsx: every row of the list for the same filters, titles kept as text, never a formula', async () => {
    const list = await json('/api/v1/overdue', { warningWorkingDays: 10, limit: 100 });
    expect(list.nextCursor).toBeNull();
    expect(list.items.length).toBeGreaterThanOrEqual(4);
    const response = await download('/api/v1/overdue/export', { format: 'xlsx', warningWorkingDays: 10 });
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="overdue-2026-11-25\.xlsx"; /);
    expect(fileName(response.headers['content-disposition'])).toBe('超期督办清单-2026-11-25.xlsx');
    const { sheet, rows } = await sheetOf(response.body);
    const [headers, ...data] = rows;
    expect(headers).toEqual(OVERDUE_HEADERS);
    expect(data).toEqual(list.items.map(overdueCells));
    const formulaLike = data.findIndex((r) => r[1] === '=1+1 审批超时');
    expect(sheet.getRow(formulaLike + 2).getCell(2).type).toBe(ExcelJS.ValueType.String);
    // Red for Monday's sign-for, supervised once; B extended by 3 working days.
    expect(data.find((r) => r[3] === 'dept-market' && r[7] === '签收')?.slice(8, 14)).toEqual(['2026-11-23', '红牌', 2, 0, 1, '督办']);
    expect(data.find((r) => r[0] === ids.b && r[7] === '办结')?.slice(14)).toEqual([1, 3, '2026-12-04']);
  });

  it('the overdue list as CSV with the list’s filters; a unit’s file holds only its own deadlines', async () => {
    const red = await json('/api/v1/overdue', { card: 'red', limit: 100 });
    const response = await download('/api/v1/overdue/export', { format: 'csv', card: 'red' });
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(response.body.subarray(0, 3).toString('hex')).toBe('efbbbf');
    const [headers, ...data] = parseCsv(response.body.toString('utf8').slice(1));
    expect(headers).toEqual(OVERDUE_HEADERS);
    expect(data).toEqual(red.items.map((i: Row) => asCsv(overdueCells(i), OVERDUE_DECIMALS)));
    expect(data.map((r) => r[1])).toContain('施工许可"一次性告知",未落实');
    expect(response.body.toString('utf8')).toContain('"施工许可""一次性告知"",未落实"');

    const all = parseCsv(
      (await download('/api/v1/overdue/export', { format: 'csv', warningWorkingDays: 10 })).body.toString('utf8').slice(1),
    ).slice(1);
    expect(all.map((r) => r[1])).toContain("'=1+1 审批超时");
    expect(all.length).toBe((await json('/api/v1/overdue', { warningWorkingDays: 10, limit: 100 })).items.length);

    const housing = await download('/api/v1/overdue/export', { format: 'csv', warningWorkingDays: 10 }, as.unit('dept-housing'));
    const own = parseCsv(housing.body.toString('utf8').slice(1)).slice(1);
    expect(own.length).toBeGreaterThan(0);
    expect(new Set(own.map((r) => r[3]))).toEqual(new Set(['dept-housing']));
  });

  it('a bad format or a paging parameter is a 400 naming it; a unit may not export the appraisal table', async () => {
    for (const path of ['/api/v1/appraisals/2026/export', '/api/v1/overdue/export']) {
      const bad = await api.http.get(path).query({ format: 'pdf' }).set(as.dashboard).expect(400);
      expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'format' })] });
    }
    const paged = await api.http.get('/api/v1/overdue/export').query({ limit: 5 }).set(as.dashboard).expect(400);
    expect(paged.body.errors).toEqual([expect.objectContaining({ field: 'limit' })]);
    await api.http.get('/api/v1/appraisals/1999/export').set(as.dashboard).expect(400);
    const forbidden = await api.http.get('/api/v1/appraisals/2026/export').query({ format: 'csv' }).set(as.unit('dept-market')).expect(403);
    expect(forbidden.body.code).toBe('FORBIDDEN_ROLE');
  });
});

/**
 * The category codes of the ledger (问题类别, 措施类别) in the files a leader receives: the ledger's
 * file (整改台账) and the campaign summary's (总结报告) name each by its label in the ledger
 * configuration in force (GET /api/v1/admin/ledger), a code it has since dropped by the label that
 * code last had (its `retired` entries).
 * The campaign and its findings are written to the log directly, as in campaign-summary.e2e-spec.ts.
 */
describe('category labels in the ledger’s file and the campaign summary’s', () => {
  let api: TestApi;
  let store: EventStore;
  const campaignId = `MZPY-LABELS-${Date.now()}`;
  let position = '0';

  const record = async (streamId: string, events: ReadonlyArray<CampaignEvent | FindingEvent>) => {
    position = (await appendVisible(store, streamId, events)).position.toString();
  };
  const csv = async (path: string, query: object = {}) => {
    const response = await api.http
      .get(path)
      .query({ format: 'csv', after: position, ...query })
      .set(as.intake)
      .expect(200);
    return parseCsv(response.text.slice(1));
  };
  /** 问题类别：… and 措施类别：… lines of the summary's file, with their counts. */
  const categoryLines = async () =>
    (await csv(`/api/v1/campaigns/${campaignId}/summary/export`))
      .filter((r) => /^(问题|措施)类别：/.test(r[0]))
      .map((r) => `${r[0]} ${r[1]}`)
      .sort();
  /** The ledger file's 措施类别 column, by finding and measure. */
  const measureCategories = async () => {
    const [headers, ...rows] = await csv('/api/v1/rectifications/export', { campaignId });
    const column = (header: string) => headers.indexOf(header);
    return rows.map((r) => `${r[column('编号')]}/${r[column('措施编号')]} ${r[column('措施类别')]}`).sort();
  };

  beforeAll(async () => {
    api = await startTestApi({ now: '2026-11-20T10:00:00+08:00', env: { APP_ROLE: 'all', UNITS_SEED_FILE: TEST_UNITS_SEED } });
    store = api.app.get<EventStore>(EVENT_STORE);
    await record(campaignStreamId(campaignId), [{ ...c.campaignOpened(), data: { ...c.campaignOpened().data, campaignId } }]);
    const source = { kind: 'campaign' as const, campaignId };
    // A: cumbersome_approval, measures approval_streamlining and time_limited_service;
    // B: poor_service_attitude, one measure of conduct_and_attitude and one of cost_reduction.
    await record(findingStreamId(`${campaignId}-A`), [f.findingRaised({ source }), f.measuresPlanned()]);
    await record(findingStreamId(`${campaignId}-B`), [
      f.findingRaised({ source, category: 'poor_service_attitude' }),
      f.measuresPlanned([
        { ...f.MEASURES[0], category: 'conduct_and_attitude' },
        { ...f.MEASURES[1], category: 'cost_reduction' },
      ]),
    ]);
  }, 60_000);
  afterAll(async () => api?.close());

  it('under the default configuration, each category by its Chinese label', async () => {
    expect(await categoryLines()).toEqual(
      [
        '问题类别：审批繁琐 1',
        '问题类别：服务意识不强 1',
        '措施类别：简化审批流程 1',
        '措施类别：限时办结与服务承诺 1',
        '措施类别：作风与服务态度 1',
        '措施类别：降低企业成本 1',
      ].sort(),
    );
    expect(await measureCategories()).toEqual(
      [
        `${campaignId}-A/M1 简化审批流程`,
        `${campaignId}-A/M2 限时办结与服务承诺`,
        `${campaignId}-B/M1 作风与服务态度`,
        `${campaignId}-B/M2 降低企业成本`,
      ].sort(),
    );
  });

  it('under a published configuration, by the labels in force; a code it dropped by the label it last had', async () => {
    const defaults = (await api.http.get('/api/v1/admin/ledger').set(as.admin).expect(200)).body;
    const relabel = (entries: Row[]) => entries.map((e) => (e.code === 'approval_streamlining' ? { ...e, label: '精简审批环节' } : e));
    const published = await api.http
      .put('/api/v1/admin/ledger')
      .set(as.admin)
      .send({
        campaignKinds: defaults.campaignKinds,
        findingCategories: defaults.findingCategories.filter((e: Row) => e.code !== 'poor_service_attitude'),
        measureCategories: relabel(defaults.measureCategories),
        recheckAfterWorkingDays: defaults.recheckAfterWorkingDays,
      })
      .expect(200);
    position = published.body.position;
    const inForce = (await api.http.get('/api/v1/admin/ledger').set(as.unit('dept-market')).expect(200)).body;
    expect(inForce.retired).toEqual({
      campaignKinds: [],
      findingCategories: [{ code: 'poor_service_attitude', label: '服务意识不强' }],
      measureCategories: [],
    });
    expect(await categoryLines()).toEqual(
      [
        '问题类别：审批繁琐 1',
        '问题类别：服务意识不强 1',
        '措施类别：精简审批环节 1',
        '措施类别：限时办结与服务承诺 1',
        '措施类别：作风与服务态度 1',
        '措施类别：降低企业成本 1',
      ].sort(),
    );
    expect((await measureCategories())[0]).toBe(`${campaignId}-A/M1 精简审批环节`);
  });
});
