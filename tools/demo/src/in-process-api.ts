import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import {
  AppraisalInputsController,
  CampaignCommandsController,
  CaseQueriesController,
  FindingCommandsController,
  IntakeCommandsController,
  OversightCommandsController,
  problemFor,
  RankingsCommandsController,
  UnitCommandsController,
  type AuthenticatedCaller,
  type CommandSender,
  type DevTokenIssuer,
} from '../../../apps/server/src';
import { DemoRequestError, type Caller, type DemoApi, type Sent } from './demo-api-client';
import { Semaphore } from './semaphore';
import type { StoryClock } from './story-clock';

type Controllers = {
  intake: IntakeCommandsController;
  unit: UnitCommandsController;
  oversight: OversightCommandsController;
  appraisal: AppraisalInputsController;
  cases: CaseQueriesController;
  campaigns: CampaignCommandsController;
  findings: FindingCommandsController;
  rankings: RankingsCommandsController;
};
/** A body as the story sends it: the route's DTO in JSON (the HTTP mode validates the same bodies). */
type Body = never;
type IdRoute = (c: Controllers, id: string, body: Body, sender: CommandSender) => Promise<unknown>;
type InputRoute = (c: Controllers, year: number, unitId: string, body: Body, sender: CommandSender) => Promise<unknown>;

/** The route's response, for the one thing a route sets on it (a header), which nobody reads here. */
const NO_RESPONSE = { setHeader: () => undefined } as never;

/** `POST /api/v1/cases/{id}/<command>`: the controller method that route calls. */
const CASE_COMMANDS: Record<string, IdRoute> = {
  accept: (c, id, body, s) => c.intake.accept(id, body, s),
  reject: (c, id, body, s) => c.intake.reject(id, body, s),
  'notify-unit': (c, id, body, s) => c.intake.notifyUnit(id, body, s),
  transfer: (c, id, body, s) => c.intake.transfer(id, body, s),
  'decide-extension': (c, id, body, s) => c.intake.decideExtension(id, body, s),
  'record-return-visit': (c, id, body, s) => c.intake.recordReturnVisit(id, body, s),
  reopen: (c, id, body, s) => c.intake.reopen(id, body, s),
  close: (c, id, body, s) => c.intake.close(id, body, s),
  acknowledge: (c, id, body, s) => c.unit.acknowledge(id, body, s),
  'dispute-dispatch': (c, id, body, s) => c.unit.disputeDispatch(id, body, s),
  'request-extension': (c, id, body, s) => c.unit.requestExtension(id, body, s),
  'report-handling': (c, id, body, s) => c.unit.reportHandling(id, body, s),
  'plan-rectification': (c, id, body, s) => c.unit.planRectification(id, body, s),
  'report-rectification': (c, id, body, s) => c.unit.reportRectification(id, body, s),
  supervise: (c, id, body, s) => c.oversight.supervise(id, body, s),
  'verify-rectification': (c, id, body, s) => c.oversight.verifyRectification(id, body, s),
  'issue-accountability': (c, id, body, s) => c.oversight.issueAccountability(id, body, s),
};

/** `POST /api/v1/appraisal-inputs/{year}/units/{unitId}/<input>`. */
const APPRAISAL_INPUTS: Record<string, InputRoute> = {
  'survey-score': (c, year, unitId, body, s) => c.appraisal.survey(year, unitId, body, s),
  'concentrated-evaluation-score': (c, year, unitId, body, s) => c.appraisal.evaluation(year, unitId, body, s),
  'online-vote-score': (c, year, unitId, body, s) => c.appraisal.onlineVote(year, unitId, body, s),
  'inspection-deductions': (c, year, unitId, body, s) => c.appraisal.deduction(year, unitId, body, s),
};

/** `POST /api/v1/campaigns/{id}/<command>` (activities/… included). */
const CAMPAIGN_COMMANDS: Record<string, IdRoute> = {
  'activities/questionnaires': (c, id, body, s) => c.campaigns.recordQuestionnaires(id, body, s),
  'activities/meetings': (c, id, body, s) => c.campaigns.recordMeeting(id, body, s),
  'activities/participants': (c, id, body, s) => c.campaigns.recordParticipants(id, body, s),
  close: (c, id, body, s) => c.campaigns.close(id, body, s),
};

/** `POST /api/v1/findings/{id}/measures/{mid}/<command>`. */
const MEASURE_COMMANDS: Record<
  string,
  (c: Controllers, id: string, measureId: string, body: Body, sender: CommandSender) => Promise<unknown>
> = {
  progress: (c, id, mid, body, s) => c.findings.progress(id, mid, body, s),
  completion: (c, id, mid, body, s) => c.findings.completion(id, mid, body, s),
  verify: (c, id, mid, body, s) => c.findings.verify(id, mid, body, s),
  reject: (c, id, mid, body, s) => c.findings.reject(id, mid, body, s),
  recheck: (c, id, mid, body, s) => c.findings.recheck(id, mid, body, s),
};

/** Routes that create what they act on (their controller method sets Location on the response). */
const CREATING: Record<string, (c: Controllers, body: Body, sender: CommandSender) => Promise<unknown>> = {
  '/api/v1/cases': (c, body, s) => c.intake.file(body, s, NO_RESPONSE),
  '/api/v1/campaigns': (c, body, s) => c.campaigns.open(body, s, NO_RESPONSE),
  '/api/v1/findings': (c, body, s) => c.findings.raise(body, s, NO_RESPONSE),
  '/api/v1/rankings': (c, body, s) => c.rankings.publish(body, s, NO_RESPONSE),
};

const CASE_COMMAND = /^\/api\/v1\/cases\/([^/]+)\/([a-z-]+)$/;
const CAMPAIGN_COMMAND = /^\/api\/v1\/campaigns\/([^/]+)\/((?:activities\/)?[a-z-]+)$/;
const PLAN_MEASURES = /^\/api\/v1\/findings\/([^/]+)\/measures$/;
const MEASURE_COMMAND = /^\/api\/v1\/findings\/([^/]+)\/measures\/([^/]+)\/([a-z-]+)$/;
const APPRAISAL_INPUT = /^\/api\/v1\/appraisal-inputs\/(\d{4})\/units\/([^/]+)\/([a-z-]+)$/;
const DEDUCTION_WITHDRAWAL = /^\/api\/v1\/appraisal-inputs\/(\d{4})\/units\/([^/]+)\/inspection-deductions\/([^/]+)\/withdrawal$/;
const CASE_VIEW = /^\/api\/v1\/cases\/([^/]+)$/;

/**
 * The API in the demo's own process, without HTTP: each command calls the controller method its
 * route calls, with the sender the route would build (the caller signed in from the same token
 * claims, X-Correlation-Id), so the command bus, the command handlers, the deciders and the event
 * store do exactly what they do for a request, and every event is the application's. What is left
 * out is the transport around the controller: sockets, JSON parsing, guards, validation pipes and
 * problem+json, which cost more than the command itself; a refusal is still reported as the
 * problem the API would answer (problemFor). The same seed gives the same events as over HTTP
 * (demo.spec.ts). Each command runs `at` its story's instant (StoryClock.runAt), so stories at
 * different instants can send at once (pacing `ahead`).
 */
export class InProcessApi implements DemoApi {
  requests = 0;
  private readonly controllers: Controllers;
  private readonly callers = new Map<string, Promise<AuthenticatedCaller>>();
  private readonly limit: Semaphore;

  constructor(
    app: INestApplication,
    private readonly clock: StoryClock,
    private readonly issuer: DevTokenIssuer,
    private readonly correlationPrefix: string,
    maxInFlight: number,
  ) {
    this.controllers = {
      intake: app.get(IntakeCommandsController),
      unit: app.get(UnitCommandsController),
      oversight: app.get(OversightCommandsController),
      appraisal: app.get(AppraisalInputsController),
      cases: app.get(CaseQueriesController),
      campaigns: app.get(CampaignCommandsController),
      findings: app.get(FindingCommandsController),
      rankings: app.get(RankingsCommandsController),
    };
    this.limit = new Semaphore(maxInFlight);
  }

  post<T>(path: string, body: unknown, caller: Caller, sent: Sent): Promise<T> {
    return this.send(
      'POST',
      path,
      caller,
      body,
      async (sender) => {
        const copy = JSON.parse(JSON.stringify(body)) as Body; // what the route would parse: no shared objects
        const creating = CREATING[path];
        if (creating) return creating(this.controllers, copy, sender);
        const command = CASE_COMMAND.exec(path);
        const route = command && CASE_COMMANDS[command[2]];
        if (route) return route(this.controllers, command[1], copy, sender);
        const campaign = CAMPAIGN_COMMAND.exec(path);
        const campaignRoute = campaign && CAMPAIGN_COMMANDS[campaign[2]];
        if (campaignRoute) return campaignRoute(this.controllers, campaign[1], copy, sender);
        const plan = PLAN_MEASURES.exec(path);
        if (plan) return this.controllers.findings.plan(plan[1], copy, sender);
        const measure = MEASURE_COMMAND.exec(path);
        const measureRoute = measure && MEASURE_COMMANDS[measure[3]];
        if (measureRoute) return measureRoute(this.controllers, measure[1], measure[2], copy, sender);
        const input = APPRAISAL_INPUT.exec(path);
        const inputRoute = input && APPRAISAL_INPUTS[input[3]];
        if (inputRoute) return inputRoute(this.controllers, Number(input[1]), input[2], copy, sender);
        const withdrawal = DEDUCTION_WITHDRAWAL.exec(path);
        if (withdrawal)
          return this.controllers.appraisal.withdrawDeduction(Number(withdrawal[1]), withdrawal[2], withdrawal[3], copy, sender);
        throw new Error(`The demo sends no command to ${path} in process`);
      },
      sent,
    );
  }

  get<T>(path: string, caller: Caller): Promise<T> {
    return this.send('GET', path, caller, undefined, (sender) => {
      const view = CASE_VIEW.exec(path);
      if (!view) throw new Error(`The demo reads nothing from ${path} in process`);
      return this.controllers.cases.get(view[1], null, sender.caller, NO_RESPONSE);
    });
  }

  private async send<T>(
    method: string,
    path: string,
    caller: Caller,
    body: unknown,
    call: (sender: CommandSender) => Promise<unknown>,
    sent?: Sent,
  ): Promise<T> {
    const signedIn = await this.signIn(caller);
    const correlationId = sent?.correlation ? `${this.correlationPrefix}${sent.correlation}` : randomUUID();
    const sender: CommandSender = { caller: { ...signedIn, correlationId }, conditions: {} };
    // The earliest steps first: the scheduler's next midnight waits for them, not for steps further on.
    await this.limit.acquire(sent?.at ?? 0);
    try {
      const answer = await (sent ? this.clock.runAt(sent.at, () => call(sender)) : call(sender));
      this.requests++;
      return answer as T;
    } catch (error) {
      const problem = problemFor(error);
      if (problem.status >= 500) throw error;
      throw new DemoRequestError(method, path, caller, problem.status, problem, body);
    } finally {
      this.limit.release();
    }
  }

  /** The caller as the authentication guard reads it from a token the demo's issuer signed. */
  private signIn(caller: Caller): Promise<AuthenticatedCaller> {
    const key = `${caller.actor}/${caller.role}/${caller.unitId ?? ''}`;
    let signedIn = this.callers.get(key);
    if (!signedIn) {
      const token = this.issuer.issue({ role: caller.role, unitId: caller.unitId, subject: caller.actor, ttlSeconds: 24 * 3600 });
      signedIn = token.then((t) => this.issuer.verifier(0).verify(t));
      this.callers.set(key, signedIn);
    }
    return signedIn;
  }
}
