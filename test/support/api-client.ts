/**
 * The requests end-to-end specs send to set up what they test: filing (登记), accepting (受理) and
 * dispatching (交办) a complaint, any other command, recording appraisal inputs, and reads that wait
 * for the last command (read-your-writes). A setup request that does not get its success status fails
 * the test, naming the request and the problem the API answered.
 *
 *   const client = new ApiClient(api);
 *   const caseId = await client.dispatch({ title: '施工许可审批超时', receivedAt: '2026-11-16T08:40:00+08:00' }, 'dept-approval');
 *   await client.send(`/api/v1/cases/${caseId}/acknowledge`, as.unit('dept-approval'));
 *   const page = await client.read('/api/v1/overdue', { card: 'red' }, as.intake);
 */
import { as, type TestApi } from './api-app';

/** How long a read after a command keeps asking while the read model is not ready (503 PROJECTION_NOT_READY). */
const READ_DEADLINE_MS = 30_000;

/** Request headers naming the caller: one of `as`. */
export type Caller = Record<string, string>;

/** A JSON response body, read field by field in assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON body, read field by field in assertions
export type Json = Record<string, any>;

/** The body of POST /api/v1/cases. */
export interface ComplaintRequest {
  channel: string;
  category: string;
  urgency: string;
  title: string;
  description: string;
  complainedUnitId: string;
  receivedAt: string;
  complainant: object;
}

/**
 * A complaint as POST /api/v1/cases takes it: unless the test says otherwise, an anonymous hotline
 * complaint of a cumbersome approval at the market regulator (dept-market), of normal urgency.
 */
export const complaint = (fields: Partial<ComplaintRequest> & Pick<ComplaintRequest, 'title' | 'receivedAt'>): ComplaintRequest => ({
  channel: 'hotline',
  category: 'cumbersome_approval',
  urgency: 'normal',
  description: '…',
  complainedUnitId: 'dept-market',
  complainant: { anonymous: true },
  ...fields,
});

/** 日常督查扣分 for conduct: two person-times on their phones at work, 0.5 points each (1.00 in all). */
export const PHONE_AT_WORK_DEDUCTION = {
  deductionId: 'DC-2026-031',
  kind: 'conduct',
  personTimes: 2,
  pointsPerPersonTime: 0.5,
  reason: '上班时间玩手机',
  occurredOn: '2026-06-12',
};

export class ApiClient {
  /** The position the last command answered ('0' before any): reads pass it as `after`. */
  position = '0';

  constructor(private readonly api: TestApi) {}

  /** Files a complaint (201); the new case's id. */
  async file(fields: Parameters<typeof complaint>[0]): Promise<string> {
    return (await this.post('/api/v1/cases', as.intake, complaint(fields), 201)).id;
  }

  accept(caseId: string): Promise<Json> {
    return this.send(`/api/v1/cases/${caseId}/accept`, as.intake);
  }

  notifyUnit(caseId: string, unitId: string, role: 'lead' | 'co' = 'lead', responsibleLeader = '张局长'): Promise<Json> {
    return this.send(`/api/v1/cases/${caseId}/notify-unit`, as.intake, { unitId, role, responsibleLeader });
  }

  /** Files a complaint and accepts it; the case id. */
  async fileAndAccept(fields: Parameters<typeof complaint>[0]): Promise<string> {
    const caseId = await this.file(fields);
    await this.accept(caseId);
    return caseId;
  }

  /** Files a complaint, accepts it and notifies its lead unit; the case id. */
  async dispatch(fields: Parameters<typeof complaint>[0], leadUnitId: string, responsibleLeader = '张局长'): Promise<string> {
    const caseId = await this.fileAndAccept(fields);
    await this.notifyUnit(caseId, leadUnitId, 'lead', responsibleLeader);
    return caseId;
  }

  /** Records one appraisal input of a unit (e.g. `survey-score`, `inspection-deductions`), as the admin. */
  recordAppraisalInput(unitId: string, input: string, body: object, year = 2026): Promise<Json> {
    return this.send(`/api/v1/appraisal-inputs/${year}/units/${unitId}/${input}`, as.admin, body);
  }

  /** Sends a command (200); its answer `{ id, version, position }`. */
  send(path: string, who: Caller, body: object = {}): Promise<Json> {
    return this.post(path, who, body, 200);
  }

  /**
   * A read (200) once the read model has the last command (`after`); its body. The API waits up to
   * 5 s for the read model, then answers 503 PROJECTION_NOT_READY with Retry-After, as a client is
   * told to do: so does this, until READ_DEADLINE_MS, since on a machine loaded with other test
   * files and CPU hogs the projector can be that far behind. A read model that never catches up, or
   * any other answer, still fails the read.
   */
  async read(path: string, query: object, who: Caller): Promise<Json> {
    const deadline = Date.now() + READ_DEADLINE_MS;
    for (;;) {
      const response = await this.api.http
        .get(path)
        .query({ after: this.position, ...query })
        .set(who);
      const notReady = response.status === 503 && response.body?.code === 'PROJECTION_NOT_READY';
      if (!notReady || Date.now() >= deadline) {
        if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(response.body)}`);
        return response.body;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000 * Math.min(Number(response.body.retryAfterSeconds) || 1, 2)));
    }
  }

  private async post(path: string, who: Caller, body: object, status: number): Promise<Json> {
    const response = await this.api.http.post(path).set(who).send(body);
    if (response.status !== status) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    this.position = response.body.position;
    return response.body;
  }
}
