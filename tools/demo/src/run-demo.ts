import type { Logger } from 'pino';
import { addDays, chineseDaysYears, WorkingCalendar, type CalendarYear } from '@app/domain';
import { loadConfig, untilAborted, type AppConfig } from '@app/platform';
import { appraisalDays, appraiseUnit } from './appraisal-story';
import type { Span } from './arrivals';
import { CampaignStory, ledgerInForce, type CampaignTally } from './campaign-story';
import { planCases } from './case-plan';
import { CaseStory } from './case-story';
import { CATEGORY_PROFILES, type CategoryProfile } from './complaint-catalogue';
import { APPRAISAL_OFFICE, DemoApiClient, DemoRequestError, INTAKE, type DemoApi } from './demo-api-client';
import { startDemoApp, type DemoApp } from './demo-app';
import { DemoInterrupted } from './demo-interrupted';
import { calendarYear, DemoUsageError, FALLBACK_YEAR, type DemoOptions, type Via } from './demo-options';
import { InProcessApi } from './in-process-api';
import { beijingDate, beijingInstant, DAY, OfficeCalendar } from './office-calendar';
import { count, Progress } from './progress';
import { Random } from './random';
import { SimulatedTime } from './simulated-time';
import { StoryClock } from './story-clock';
import { UnitCatalogue } from './unit-catalogue';
import { runYear } from './year-loop';

/** Simulated minutes per slot: the grid every step's instant is rounded up to. */
const SLOT_MINUTES = 10;
/**
 * In process, how far the stories may run ahead of the midnight the deadline scheduler is at: the
 * more, the more steps run at once (a week keeps both cores busy through the quiet days), and the
 * further apart in time the events of different cases may be in the log.
 */
const LOOK_AHEAD_DAYS = 7;

export interface DemoRunOptions extends Omit<DemoOptions, 'via'> {
  /** How the year's commands are sent (default `in-process`; see demo-options.ts). */
  via?: Via;
  /** Read like `npm start` reads it: DATABASE_URL, EMBEDDED_PG_DIR, UNITS_SEED_FILE, … */
  env: Record<string, string | undefined>;
  logger: Logger;
  /** Progress and summary lines. */
  report: (line: string) => void;
  /** The real now: decides the default year, and where the current year's simulation stops. */
  now?: Date;
  /**
   * Called as the simulated year begins; the function it returns, as the year ends. The bench reads
   * the CPU times of Node and PostgreSQL there, for the demo's CPU per event.
   */
  aroundYear?: () => () => void;
  /**
   * Aborted (its reason the signal's name, demo-interrupted.ts): the demo ends its connections at once,
   * the commands in flight finishing first, and throws DemoInterrupted.
   */
  signal?: AbortSignal;
}

export interface DemoRunResult {
  year: number;
  span: Span;
  /** Case ids in order of receipt; a case not filed (the run stopped early) is absent. */
  caseIds: string[];
  statuses: Record<string, number>;
  caseEvents: number;
  appraisalEvents: number;
  /** Inspection deductions not recorded: their numbers (drawn from the seed) were recorded before, by an earlier run. */
  deductionsAlreadyRecorded: number;
  /** The campaign's (null when the span is too short for one), and its events with its findings'. */
  campaign: CampaignTally | null;
  ledgerEvents: number;
  /**
   * The monthly ranking of departments as the span ends (null when no month of the year had ended);
   * `published` false when it was published before this run (a run again on the same year): it stands
   * as it was, without this run's cases, and this run appended nothing to it.
   */
  ranking: { id: string; period: string; units: number; published: boolean } | null;
  deadlinesPassed: number;
  requests: number;
  /** Of those, sent in process. */
  inProcess: number;
  /** Wall-clock time of the whole run, and of the simulated year alone. */
  elapsedMs: number;
  simulationMs: number;
}

/**
 * The demo: the real application on its database, a simulated year of complaints played through
 * its HTTP API by one story per case and per unit's appraisal and one for the ledger's campaign,
 * the deadline scheduler ticked at every simulated midnight, the monthly ranking published as the
 * span ends, then a summary. Throws DemoRequestError for the first refused request.
 */
export async function runDemo(options: DemoRunOptions): Promise<DemoRunResult> {
  const started = Date.now();
  const config = loadConfig(options.env);
  const realNow = (options.now ?? new Date()).getTime();
  const currentYear = Number(beijingDate(realNow).slice(0, 4));
  if (options.year !== null) calendarYear(options.year); // a year no calendar can have: refused before the database starts
  if (options.year !== null && options.year > currentYear) {
    throw new DemoUsageError(
      `--year ${options.year} has not begun (it is ${currentYear} in Beijing): only a past or the current year can be simulated`,
    );
  }
  // Units registered on start are registered "at" the clock: the first of January of the year.
  const clock = new StoryClock(new Date(beijingInstant(`${options.year ?? currentYear}-01-01`, 0)));
  const app = await startDemoApp(config, clock, options.logger);
  const interrupt = () => void app.close();
  options.signal?.addEventListener('abort', interrupt, { once: true });
  try {
    if (options.signal?.aborted) throw options.signal.reason;
    // Interrupted, the demo does not wait for its year to unwind: a story cut off mid-command may
    // never settle once the application has closed.
    return await untilAborted(playYear(app, config, clock, { ...options, started, realNow, currentYear }), options.signal);
  } catch (error) {
    // Whatever failed once the connections were ended (a command cut off, a pool closed) is the interruption.
    if (options.signal?.aborted) throw new DemoInterrupted(options.signal.reason as NodeJS.Signals);
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', interrupt);
    await app.close();
  }
}

/** The year itself, on the demo's application: set-up reads, stories, the year's loop, the ranking, the summary. */
async function playYear(
  app: DemoApp,
  config: AppConfig,
  clock: StoryClock,
  options: DemoRunOptions & { started: number; realNow: number; currentYear: number },
): Promise<DemoRunResult> {
  const { started, realNow, currentYear } = options;
  // The set-up reads (calendar, time limits, units) go over HTTP whichever way the year is sent.
  const http = new DemoApiClient(app.baseUrl, app.issuer, `demo-s${options.seed}-`);
  const via = options.via ?? 'in-process';
  const api: DemoApi = via === 'http' ? http : new InProcessApi(app.nest, clock, app.issuer, `demo-s${options.seed}-`, config.pgPoolMax);
  const requests = () => http.requests + (api === http ? 0 : api.requests);
  const year = await resolveYear(http, options.year, currentYear);
  const office = new OfficeCalendar(await calendarFor(http, year));
  const categories = await categoriesInForce(http);
  const ledger = await ledgerInForce(http);
  const units = await UnitCatalogue.load(http, config.unitsSeedFile, options.seed);
  const span = { start: beijingInstant(`${year}-01-01`, 0), end: Math.min(beijingInstant(`${year + 1}-01-01`, 0), realNow) };
  if (span.end - span.start < 7 * DAY)
    throw new DemoUsageError(`${year} has only just begun: simulate a past year with --year ${year - 1}`);
  clock.set(new Date(span.start));

  const lastDay = beijingDate(span.end - 1);
  options.report(
    `Simulating ${year} from ${year}-01-01 to ${lastDay}${span.end < beijingInstant(`${year + 1}-01-01`, 0) ? ' (the year so far)' : ''}: ` +
      `${count(options.cases)} complaints, seed ${options.seed}, ${units.units.length} units, on ${describeDatabase(config)}, commands ${via === 'http' ? 'over HTTP' : 'in process'}`,
  );
  const rng = new Random(`demo:${options.seed}`);
  const progress = new Progress(options.cases);
  // Over HTTP only the clock can say when a request is sent: slot by slot. In process each command
  // carries its story's instant, and the stories run ahead while the scheduler ticks.
  const time = new SimulatedTime(clock, SLOT_MINUTES, via === 'http' ? 'slots' : 'ahead');
  const context = { api, office, progress };
  const plans = planCases({ count: options.cases, span, office, units, categories, rng: rng.fork('plan') });
  const stories = plans.map((plan) => {
    const own = time.story();
    const story = new CaseStory({ ...context, time: own }, plan, rng.fork(`story-${plan.key}`));
    time.start(own, () => story.run());
    return story;
  });
  const days = appraisalDays(office, span);
  for (const unit of units.units) {
    const own = time.story();
    time.start(own, () => appraiseUnit({ ...context, time: own }, unit, year, days, rng.fork(`appraisal-${unit.id}`)));
  }
  const campaignTime = time.story();
  const campaign = new CampaignStory({ ...context, time: campaignTime }, units, ledger, year, days, rng.fork('campaign'));
  time.start(campaignTime, () => campaign.run());

  const yearEnded = options.aroundYear?.();
  const simulationStarted = Date.now();
  await runYear({
    time,
    span,
    lookAheadMs: LOOK_AHEAD_DAYS * DAY,
    fireDueDeadlines: (seenUpTo) => app.fireDueDeadlines(seenUpTo),
    progress,
    requests: () => requests(),
    report: options.report,
  });
  const simulationMs = Date.now() - simulationStarted;
  yearEnded?.();
  const ranking = await publishMonthlyRanking(app, api, http, span, year);

  const caseIds = stories.map((s) => s.id).filter((id) => id !== '');
  const views = await Promise.all(caseIds.map((id) => api.get<{ status: string; version: number }>(`/api/v1/cases/${id}`, INTAKE)));
  const statuses: Record<string, number> = {};
  for (const v of views) statuses[v.status] = (statuses[v.status] ?? 0) + 1;
  const result: DemoRunResult = {
    year,
    span,
    caseIds,
    statuses,
    caseEvents: views.reduce((sum, v) => sum + v.version, 0),
    appraisalEvents: progress.appraisalInputs,
    deductionsAlreadyRecorded: progress.deductionsAlreadyRecorded,
    campaign: campaign.tally.opened ? campaign.tally : null,
    ledgerEvents: campaign.events + (ranking?.published ? 1 : 0),
    ranking,
    deadlinesPassed: progress.deadlinesPassed,
    requests: requests(),
    inProcess: api === http ? 0 : api.requests,
    elapsedMs: Date.now() - started,
    simulationMs,
  };
  summarise(result, progress, options.report);
  return result;
}

/**
 * The league table (排名通报) of the departments for the last month of the year that has ended by the
 * end of the span, published by intake as the span ends. It is computed from the dashboard read
 * model, which nobody keeps up during the simulation (the demo's API runs no projector): the read
 * models it reads are built from the log first, so the ranking counts the whole simulated month.
 */
async function publishMonthlyRanking(
  app: DemoApp,
  api: DemoApi,
  http: DemoApiClient,
  span: Span,
  year: number,
): Promise<DemoRunResult['ranking']> {
  const lastDay = beijingDate(span.end - 1);
  const month = addDays(lastDay, 1).endsWith('-01') ? lastDay.slice(0, 7) : addDays(`${lastDay.slice(0, 7)}-01`, -1).slice(0, 7);
  if (!month.startsWith(`${year}-`)) return null;
  await app.buildRankingReadModels();
  const id = `${month}-department`;
  let published = true;
  try {
    await api.post('/api/v1/rankings', { period: month, unitKind: 'department' }, INTAKE, { at: span.end });
  } catch (error) {
    // A demo run again on the same database finds the month published by the first: it stands, as
    // it was published, and the summary says that it does not count this run's cases.
    if (!(error instanceof DemoRequestError && error.code === 'RANKING_ALREADY_PUBLISHED')) throw error;
    published = false;
  }
  const view = await http.get<{ rows: unknown[] }>(`/api/v1/rankings/${id}`, INTAKE);
  return { id, period: month, units: view.rows.length, published };
}

/** The year asked for, if a calendar covers it (built in or published); else the default. */
async function resolveYear(api: DemoApiClient, asked: number | null, currentYear: number): Promise<number> {
  const covered = async (year: number) => (await api.find(`/api/v1/admin/calendar/${year}`, APPRAISAL_OFFICE)) !== null;
  if (asked === null) return (await covered(currentYear)) ? currentYear : FALLBACK_YEAR;
  if (await covered(asked)) return asked;
  const builtIn = chineseDaysYears().map((y) => y.year);
  throw new DemoUsageError(
    `--year ${asked}: there is no official calendar for ${asked} (built in: ${Math.min(...builtIn)}–${Math.max(...builtIn)}); ` +
      `an administrator can publish it first with PUT /api/v1/admin/calendar/${asked}`,
  );
}

/** The calendar the API counts with, for the year and (if it has one yet) the next. */
async function calendarFor(api: DemoApiClient, year: number): Promise<WorkingCalendar> {
  const years: CalendarYear[] = [];
  for (const y of [year, year + 1]) {
    const view = await api.find<CalendarYear>(`/api/v1/admin/calendar/${y}`, APPRAISAL_OFFICE);
    if (view) years.push({ year: y, holidays: view.holidays, makeUpWorkdays: view.makeUpWorkdays, source: view.source });
  }
  return new WorkingCalendar(years);
}

/** The demo's categories that the taxonomy in force knows (an admin may have published another). */
async function categoriesInForce(api: DemoApiClient): Promise<CategoryProfile[]> {
  const policy = await api.get<{ version: string; categories: Array<{ code: string }> }>('/api/v1/admin/time-limits', APPRAISAL_OFFICE);
  const codes = new Set(policy.categories.map((c) => c.code));
  const known = CATEGORY_PROFILES.filter((c) => codes.has(c.code));
  if (known.length === 0) {
    throw new Error(
      `The time limits in force (${policy.version}) have none of the demo's categories (${CATEGORY_PROFILES.map((c) => c.code).join(', ')})`,
    );
  }
  return known;
}

function describeDatabase(config: AppConfig): string {
  if (!config.databaseUrl) return `the embedded PostgreSQL in ${config.embeddedPostgres.dir}`;
  const url = new URL(config.databaseUrl);
  if (url.password) url.password = '***';
  return url.toString();
}

const STATUS_ORDER = ['closed', 'in_progress', 'accepted', 'filed', 'rejected'];

function describeRanking(ranking: DemoRunResult['ranking']): string {
  if (!ranking) return 'no ranking (no month of the year has ended)';
  if (ranking.published) return `ranking ${ranking.id} published (${count(ranking.units)} departments)`;
  return (
    `ranking ${ranking.id} was already published before this run (${count(ranking.units)} departments); ` +
    `not published again: it does not include this run's cases`
  );
}

function summarise(r: DemoRunResult, progress: Progress, report: (line: string) => void): void {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const events = r.caseEvents + r.appraisalEvents + r.ledgerEvents;
  const statuses = Object.entries(r.statuses)
    .sort(([a], [b]) => STATUS_ORDER.indexOf(a) - STATUS_ORDER.indexOf(b))
    .map(([status, n]) => `${status} ${count(n)}`)
    .join(', ');
  report(
    `Done: ${count(r.caseIds.length)} cases of ${r.year} in ${seconds(r.elapsedMs)} (the simulated year took ${seconds(r.simulationMs)})`,
  );
  report(`Cases by status: ${statuses}`);
  const c = r.campaign;
  report(
    `Ledger: ${c ? `a 民主评议 campaign of ${count(c.units)} units${c.closed ? ' (closed)' : ''}, ${count(c.findings)} findings, ${count(c.measures)} measures, ${count(c.verified)} verified (${count(c.rejected)} rejected once first), ${count(c.rechecked)} re-checked (回头看)` : 'no campaign (the span is too short)'}; ` +
      `${describeRanking(r.ranking)}`,
  );
  report(
    `Events appended: ${count(events)} (${count(r.caseEvents)} in case streams, of which ${count(r.deadlinesPassed)} red cards from the scheduler; ` +
      `${count(r.appraisalEvents)} appraisal inputs${r.deductionsAlreadyRecorded > 0 ? ` (${count(r.deductionsAlreadyRecorded)} inspection deduction(s) not recorded again: an earlier run recorded their numbers)` : ''}; ` +
      `${count(r.ledgerEvents)} in the ledger's${r.ranking?.published ? " and ranking's" : ''} streams), ${count(Math.round(events / (r.simulationMs / 1000)))} events/s; ${count(r.requests)} requests${r.inProcess > 0 ? `, ${count(r.inProcess)} of them in process` : ''}`,
  );
  if (progress.waitingForCalendar > 0) {
    report(
      `${count(progress.waitingForCalendar)} case(s) wait open: a due date fell in ${r.year + 1}, which has no calendar yet (PUT /api/v1/admin/calendar/${r.year + 1})`,
    );
  }
}
