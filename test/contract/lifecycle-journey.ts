import type { SignedIn, TestCaller } from '../support/tokens';

/**
 * The full lifecycle of one complaint over HTTP, as test/e2e/case-journey.e2e-spec.ts walks it
 * (filing → acceptance → dispatch → sign-for → extension → handling → rectification, one measure
 * rejected then verified → unsatisfied return visit → reopening → second handling → satisfied visit
 * → accountability → closing), then the reads a user makes of it: the case, its history, the lists,
 * the dashboard, the appraisal, the exports, the audit log, the complainant's status by query code.
 * Against a real server on the wall clock: every step is one the rules allow at once.
 */

export interface JourneyResponse {
  status: number;
  body: unknown;
}

/** Sends one request; `caller` null: not signed in (the complainant's status lookup). */
export type Send = (
  method: 'GET' | 'POST',
  path: string,
  caller: TestCaller | null,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<JourneyResponse>;

export type { SignedIn };

const INTAKE: TestCaller = { sub: 'intake-wang', role: 'intake' };
const DISCIPLINE: TestCaller = { sub: 'jjjc-li', role: 'discipline' };
const ADMIN: TestCaller = { sub: 'admin-zhao', role: 'admin' };
const DASHBOARD: TestCaller = { sub: 'leader-chen', role: 'dashboard' };
const unit = (unitId: string): TestCaller => ({ sub: `${unitId}-handler`, role: 'unit', unitId });

/** A step the journey needs to succeed: anything but 2xx stops it, showing the answer. */
async function ok(response: Promise<JourneyResponse>, step: string): Promise<JourneyResponse> {
  const answered = await response;
  if (answered.status < 200 || answered.status >= 300)
    throw new Error(`${step} answered ${answered.status}: ${JSON.stringify(answered.body)}`);
  return answered;
}

/** Walks the journey; `today` is the server's Beijing date (YYYY-MM-DD), for due dates ahead of it. */
export async function lifecycleJourney(send: Send, today: string): Promise<void> {
  const market = 'dept-market';
  const housing = 'dept-housing';
  const year = today.slice(0, 4);
  const inDays = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const post = (path: string, caller: TestCaller, body: unknown = {}, headers?: Record<string, string>) =>
    ok(send('POST', path, caller, body, headers), `POST ${path}`);
  const get = (path: string, caller: TestCaller) => ok(send('GET', path, caller), `GET ${path}`);

  const filed = await post('/api/v1/cases', INTAKE, {
    channel: 'hotline',
    category: 'cumbersome_approval',
    urgency: 'normal',
    title: '餐饮许可证办理反复要求补材料',
    description: '企业三次提交材料均被要求补充，且每次要求不同。',
    complainedUnitId: market,
    receivedAt: new Date().toISOString(),
    complainant: { anonymous: false, name: '王某', phone: '13800138000', enterprise: '某某餐饮有限公司' },
  });
  const { id, queryCode } = filed.body as { id: string; queryCode: string };
  const c = `/api/v1/cases/${id}`;

  await post(`${c}/accept`, INTAKE, {}, { 'If-Match': '"1"' });
  await post(`${c}/notify-unit`, INTAKE, { unitId: market, role: 'lead', responsibleLeader: '张局长' });
  await post(`${c}/notify-unit`, INTAKE, { unitId: housing, role: 'co', responsibleLeader: '李主任' });
  await post(`${c}/acknowledge`, unit(market));
  await post(`${c}/acknowledge`, unit(housing));
  await post(`${c}/request-extension`, unit(market), { reason: '需现场核查三家门店', workingDays: 5 });
  await post(`${c}/decide-extension`, INTAKE, { unitId: market, approve: true, reason: '同意延期' });
  await post(`${c}/report-handling`, unit(market), {
    factsFound: '窗口人员未一次性告知所需材料',
    factsEstablished: true,
    result: '已当场办结许可证',
  });
  await post(`${c}/plan-rectification`, unit(market), {
    measures: [
      { description: '编制一次性告知清单并上墙公示', responsibleUnitId: market, responsibleLeader: '张局长', dueDate: inDays(14) },
      { description: '窗口人员业务培训', responsibleUnitId: market, responsibleLeader: '赵科长', dueDate: inDays(21) },
    ],
  });
  await post(`${c}/report-rectification`, unit(market), { measureId: 'M1', report: '清单已公示' });
  await post(`${c}/report-rectification`, unit(market), { measureId: 'M2', report: '培训已完成' });
  await post(`${c}/verify-rectification`, INTAKE, { measureId: 'M1', approve: true, note: '现场查看属实' });
  await post(`${c}/verify-rectification`, DISCIPLINE, { measureId: 'M2', approve: false, note: '培训无签到记录' });
  await post(`${c}/report-rectification`, unit(market), { measureId: 'M2', report: '补充签到表与考试成绩' });
  await post(`${c}/verify-rectification`, DISCIPLINE, { measureId: 'M2', approve: true, note: '材料齐全' });
  await post(`${c}/record-return-visit`, INTAKE, { satisfaction: 'unsatisfied', note: '认为未追究窗口人员责任' });
  await post(`${c}/reopen`, INTAKE, { reason: '回访不满意，重办' });
  await post(`${c}/report-handling`, unit(market), {
    factsFound: '窗口人员存在推诿',
    factsEstablished: true,
    result: '已向企业当面道歉并说明处理情况',
  });
  await post(`${c}/plan-rectification`, unit(market), { measures: [], noRectificationReason: '原整改措施已验收，无需新增' });
  await post(`${c}/record-return-visit`, INTAKE, { satisfaction: 'satisfied', note: null });
  await post(`${c}/issue-accountability`, DISCIPLINE, {
    target: { kind: 'person', unitId: market, name: '刘某', position: '窗口工作人员' },
    forms: ['admonishment', 'performance_deduction'],
    basis: { facts: '未履行一次性告知义务，致企业往返三次', rule: '《首问负责制和一次性告知制度》第五条' },
  });
  await post(`${c}/close`, INTAKE);

  // What people read of it: each answer is checked by the proxy too, whatever the projections show yet.
  await get(c, INTAKE);
  await get(`${c}/history`, DISCIPLINE);
  await get(`${c}/complainant?purpose=return_visit`, INTAKE);
  await ok(send('POST', '/api/v1/case-status', null, { queryCode }), 'POST /api/v1/case-status');
  await get('/api/v1/cases?limit=20', INTAKE);
  await get(`/api/v1/cases?unitId=${market}`, unit(market));
  await get('/api/v1/overdue', INTAKE);
  await get('/api/v1/rectifications', DISCIPLINE);
  await get('/api/v1/accountability', DISCIPLINE);
  await get(`/api/v1/accountability/summary?year=${year}`, DISCIPLINE);
  await get(`/api/v1/dashboard/summary?from=${year}-01-01&to=${today}`, DASHBOARD);
  await get(`/api/v1/dashboard/trend?from=${year}-01-01&to=${today}`, DASHBOARD);
  await get(`/api/v1/units/${market}`, INTAKE);
  await get(`/api/v1/appraisal-inputs/${year}/units/${market}`, ADMIN);
  await get(`/api/v1/admin/appraisal-schemes/${year}`, ADMIN);
  await get('/api/v1/admin/time-limits', ADMIN);
  await get(`/api/v1/admin/calendar/${year}`, ADMIN);
  // The appraisal table and its export may answer 503 until the year's figures are in: documented either way.
  await send('GET', `/api/v1/appraisals/${year}`, DISCIPLINE);
  await send('GET', `/api/v1/appraisals/${year}/units/${market}`, DISCIPLINE);
  await send('GET', `/api/v1/appraisals/${year}/units/${market}/cases?limit=5`, DISCIPLINE);
  await send('GET', `/api/v1/appraisals/${year}/units/${market}/accountability?limit=5`, DISCIPLINE);
  await send('GET', `/api/v1/appraisals/${year}/export?format=csv`, DISCIPLINE);
  await get('/api/v1/overdue/export', INTAKE);
  await get('/api/v1/audit/events', DISCIPLINE);
  await get('/api/v1/audit/events/export?format=csv', DISCIPLINE);
  await get('/api/v1/audit/verify', DISCIPLINE);
  await get('/api/v1/health/details', ADMIN);
}
