import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { createLogger, loadConfig } from '@app/platform';
import { createApiApp } from '../../../apps/server/src';
import { as } from '../../../test/support/api-app';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { testSigner } from '../../../test/support/tokens';
import { tryLeadership } from '@app/projections/runner/locks';
import { DemoRefusal } from './beside-projector';
import { DemoInterrupted } from './demo-interrupted';
import { DemoUsageError } from './demo-options';
import { runDemo, type DemoRunResult } from './run-demo';

/**
 * `npm run demo` on a database of its own: a simulated 2025 of 40 complaints, twice with the same
 * seed: in process (the default) and over HTTP. What a user relies on: the run succeeds, the year
 * shows every kind of story (the decider accepted every event, so the mix is what is checked), the
 * same seed gives the same history, event for event with its data, instant and sender, whichever
 * way the commands are sent (so in process is the HTTP API's history, minus the transport), also
 * while another session holds the log's visibility horizon back, and every unit has its appraisal
 * inputs.
 */
describe('the demo-data generator', () => {
  const YEAR = 2025;
  const NOW = new Date('2026-06-01T10:00:00+08:00');
  const runs: Array<{ db: TestDatabase; result: DemoRunResult; lines: string[] }> = [];

  async function run(seed: number, via: 'in-process' | 'http') {
    const db = await createTestDatabase();
    const lines: string[] = [];
    const result = await runDemo({
      cases: 40,
      year: YEAR,
      seed,
      via,
      env: { DATABASE_URL: db.url },
      logger: createLogger('silent'),
      report: (line) => lines.push(line),
      now: NOW,
    });
    return { db, result, lines };
  }

  /**
   * Another session keeps a transaction with an id open half of the time, as a busy database does:
   * that holds back the visibility horizon the deadline scheduler reads the log under.
   */
  function holdHorizon(url: string): () => Promise<void> {
    const client = new Client({ connectionString: url });
    let holding = true;
    const done = (async () => {
      await client.connect();
      while (holding) {
        await client.query('BEGIN');
        await client.query('SELECT pg_current_xact_id()');
        await new Promise((resolve) => setTimeout(resolve, 100));
        await client.query('COMMIT');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await client.end();
    })();
    return async () => {
      holding = false;
      await done;
    };
  }

  beforeAll(async () => {
    runs.push(await run(7, 'in-process'));
    const release = holdHorizon(process.env.TEST_PG_ADMIN_URL!);
    try {
      runs.push(await run(7, 'http'));
    } finally {
      await release();
    }
    // Two demo years: about 40 s on an idle 2-core machine (mostly the HTTP one), over 120 s beside other loads; a deadline, not a guess.
  }, 300_000);
  afterAll(async () => {
    for (const r of runs) await r.db.drop();
  });

  /** Each case's event types in stream order, cases in order of receipt. */
  async function typesPerCase(r: (typeof runs)[number]): Promise<string[][]> {
    return (await eventsPerCase(r)).map((events) => events.map((e) => e.type));
  }

  /**
   * Each case's events in stream order, cases in order of receipt: type, data, and who sent it when
   * with which correlation. The ids the API makes afresh for every run (cases, complainant
   * references, accountabilities: random UUIDs) read `<id>`; the rest must match to the character.
   */
  async function eventsPerCase(r: (typeof runs)[number]) {
    const byStream = await eventsByStream(r, `stream_id = ANY($1)`, [r.result.caseIds.map((id) => `case-${id}`)]);
    return r.result.caseIds.map((id) => byStream.get(`case-${id}`) ?? []);
  }

  /** The campaign's and its findings' streams, as eventsPerCase shows a case's; their ids are fresh each run, so in order of their events. */
  async function ledgerEvents(r: (typeof runs)[number]) {
    const byStream = await eventsByStream(r, `stream_id LIKE 'campaign-%' OR stream_id LIKE 'finding-%'`, []);
    return [...byStream.values()].map((events) => JSON.stringify(events)).sort();
  }

  /** Every unit's appraisal inputs, as eventsPerCase shows a case's events. */
  async function appraisalEvents(r: (typeof runs)[number]) {
    return [...(await eventsByStream(r, `stream_id LIKE 'appraisal-%'`, [])).entries()];
  }

  async function eventsByStream(r: (typeof runs)[number], where: string, parameters: unknown[]) {
    const { rows } = await r.db.pool.query<{ stream_id: string; type: string; data: unknown; metadata: Record<string, unknown> }>(
      `SELECT stream_id, type, data, metadata FROM events WHERE ${where} ORDER BY stream_id, stream_version`,
      parameters,
    );
    const fresh = (value: unknown) =>
      JSON.stringify(value).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>');
    const byStream = new Map<string, Array<{ type: string; data: string; sent: string }>>();
    for (const { stream_id, type, data, metadata } of rows) {
      const { actorId, role, unitId, correlationId, occurredAt } = metadata;
      const event = { type, data: fresh(data), sent: fresh({ actorId, role, unitId, correlationId, occurredAt }) };
      byStream.set(stream_id, [...(byStream.get(stream_id) ?? []), event]);
    }
    return byStream;
  }

  it('files every case, prints a line per month and a summary, and closes most cases', () => {
    const { result, lines } = runs[0];
    expect(result.caseIds).toHaveLength(40);
    expect(lines.filter((l) => /^2025-\d\d {2}cases filed/.test(l))).toHaveLength(12);
    expect(lines.at(-4)).toMatch(/^Done: 40 cases of 2025 in /);
    expect(lines.at(-3)).toMatch(/^Cases by status: closed \d+/);
    expect(lines.at(-2)).toMatch(
      /^Ledger: a 民主评议 campaign of 6 units \(closed\), \d findings, \d+ measures, \d+ verified \(1 rejected once first\), \d+ re-checked \(回头看\); ranking 2025-12-department published \(\d+ departments\)$/,
    );
    expect(lines.at(-1)).toMatch(/^Events appended: [\d,]+ .* events\/s; [\d,]+ requests, [\d,]+ of them in process$/);
    expect(runs[1].lines.at(-1)).toMatch(/^Events appended: [\d,]+ .* events\/s; [\d,]+ requests$/);
    expect(Object.values(result.statuses).reduce((a, b) => a + b, 0)).toBe(40);
    expect(result.statuses.closed).toBeGreaterThanOrEqual(25);
  });

  it('shows every kind of story: rejected, disputed, late, extended, overdue and supervised, reopened, rejected rectification, accountability', async () => {
    const cases = await typesPerCase(runs[0]);
    const withType = (type: string) => cases.filter((types) => types.includes(type)).length;
    expect(withType('CaseClosed')).toBe(runs[0].result.statuses.closed);
    expect(withType('ComplaintRejected')).toBe(2); // 5% of 40
    const kinds = [
      'DispatchDisputed',
      'CaseTransferred',
      'DeadlinePassed',
      'SupervisionIssued',
      'ExtensionRequested',
      'ExtensionGranted',
      'CaseReopened',
      'RectificationRejected',
      'AccountabilityIssued',
    ];
    expect(kinds.filter((type) => withType(type) === 0)).toEqual([]);
    // Every kind of red card, fired by the scheduler at the Beijing midnight ending the due day: a
    // unit's sign-for and handling, and a measure's due date (reported done only after it).
    const { rows } = await runs[0].db.pool.query(
      `SELECT data->>'deadline' AS deadline, data->>'dueDate' AS due, metadata->>'actorId' AS actor, metadata->>'occurredAt' AS at
         FROM events WHERE type IN ('DeadlinePassed', 'MeasureDeadlinePassed')`,
    );
    expect(new Set(rows.map((r) => r.deadline))).toEqual(new Set(['sign_for', 'handling', 'measure_due']));
    for (const r of rows) {
      expect(r.actor).toBe('deadline-scheduler');
      expect(new Date(r.at).getTime()).toBe(Date.parse(`${r.due}T00:00:00+08:00`) + 24 * 3600_000);
    }
  });

  it('gives the same events for every case with the same seed, in process as over HTTP, even while the visibility horizon is held back', async () => {
    const [inProcess, overHttp] = [await eventsPerCase(runs[0]), await eventsPerCase(runs[1])];
    expect(overHttp).toEqual(inProcess);
    expect(await appraisalEvents(runs[1])).toEqual(await appraisalEvents(runs[0]));
    expect(await ledgerEvents(runs[1])).toEqual(await ledgerEvents(runs[0]));
    expect(runs[1].result.statuses).toEqual(runs[0].result.statuses);
    expect(runs[1].result.deadlinesPassed).toBe(runs[0].result.deadlinesPassed);
    expect(runs[1].result.caseIds).not.toEqual(runs[0].result.caseIds); // new cases, not replays
  });

  it('plays a 民主评议 campaign through the ledger: activities, findings, measures verified, one rejected, one overdue, 回头看; and publishes a ranking', async () => {
    const { rows } = await runs[0].db.pool.query<{ type: string; n: number }>(
      `SELECT type, count(*)::int AS n FROM events
        WHERE stream_id LIKE 'campaign-%' OR stream_id LIKE 'finding-%' OR stream_id LIKE 'ranking-%' GROUP BY type`,
    );
    const n: Record<string, number> = Object.fromEntries(rows.map((r) => [r.type, r.n]));
    expect(n).toMatchObject({ CampaignOpened: 1, QuestionnairesRecorded: 2, MeetingHeld: 2, ParticipantsRecorded: 2, CampaignClosed: 1 });
    expect(n).toMatchObject({ MeasuresPlanned: n.FindingRaised, MeasureRejected: 1, RankingPublished: 1 });
    expect(n.FindingRaised).toBeGreaterThanOrEqual(3);
    // Every measure verified and re-checked within the year; the one left overdue carded by the scheduler.
    const measures = await runs[0].db.pool.query(
      `SELECT jsonb_array_length(data->'measures') AS n FROM events WHERE type = 'MeasuresPlanned'`,
    );
    const planned = measures.rows.reduce((sum, r) => sum + Number(r.n), 0);
    expect(n).toMatchObject({ MeasureVerified: planned, MeasureRecheckConfirmed: planned });
    const cards = await runs[0].db.pool.query(
      `SELECT data->>'deadline' AS deadline FROM events WHERE type = 'MeasureDeadlinePassed' AND stream_id LIKE 'finding-%'`,
    );
    expect(cards.rows).toEqual([{ deadline: 'measure_due' }]);
    // The ranking counts the month's cases: the read models were built from the log before it was computed.
    const ranking = await runs[0].db.pool.query(`SELECT data FROM events WHERE type = 'RankingPublished'`);
    const published = ranking.rows[0].data as {
      period: { label: string };
      unitKind: string;
      rows: Array<{ figures: { received: number } }>;
    };
    expect(published).toMatchObject({ period: { label: '2025-12' }, unitKind: 'department' });
    expect(published.rows.reduce((sum, r) => sum + r.figures.received, 0)).toBeGreaterThan(0);
  });

  it('records appraisal inputs for every unit: a survey for all, evaluation or online vote by kind', async () => {
    const { rows } = await runs[0].db.pool.query<{ unit: string; kind: string; types: string[] }>(
      `SELECT u.data->>'unitId' AS unit, u.data->>'kind' AS kind, array_agg(a.type) AS types
         FROM events u LEFT JOIN events a ON a.stream_id = 'appraisal-' || (u.data->>'unitId') || '-${YEAR}'
        WHERE u.type = 'UnitRegistered' GROUP BY 1, 2`,
    );
    expect(rows.length).toBeGreaterThan(90);
    for (const { unit, kind, types } of rows) {
      expect({ unit, survey: types.includes('SurveyScoreRecorded') }).toEqual({ unit, survey: true });
      const second = kind === 'window' ? 'OnlineVoteScoreRecorded' : 'ConcentratedEvaluationScoreRecorded';
      expect({ unit, second: types.includes(second) }).toEqual({ unit, second: true });
    }
    const scores = await runs[0].db.pool.query(`SELECT (data->>'score')::float AS score FROM events WHERE type = 'SurveyScoreRecorded'`);
    const values = scores.rows.map((r) => r.score as number);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(80);
    expect(mean).toBeLessThan(90);
    expect(values.some((v) => v < 70)).toBe(true);
    // Now and then an inspection record is withdrawn on review (撤销扣分), after it was recorded.
    const withdrawals = await runs[0].db.pool.query<{ id: string; recorded: string | null; withdrawn: string }>(
      `SELECT w.data->>'deductionId' AS id, r.stream_version AS recorded, w.stream_version AS withdrawn
         FROM events w LEFT JOIN events r ON r.stream_id = w.stream_id AND r.type = 'InspectionDeductionRecorded'
                                         AND r.data->>'deductionId' = w.data->>'deductionId'
        WHERE w.type = 'InspectionDeductionWithdrawn'`,
    );
    expect(withdrawals.rows.length).toBeGreaterThan(0);
    for (const { id, recorded, withdrawn } of withdrawals.rows) {
      expect({ id, recordedBefore: recorded !== null && Number(recorded) < Number(withdrawn) }).toEqual({ id, recordedBefore: true });
    }
  });

  it('makes up complainants that are visibly fake', async () => {
    // Identities are stored encrypted (issue 9): read back as intake does, through the complainant endpoint.
    const config = { ...loadConfig({ APP_ROLE: 'api', UNITS_SEED_FILE: 'none' }), databaseUrl: runs[0].db.url };
    const app = await createApiApp(config, createLogger('silent'), { trustedIssuer: testSigner.issuer() });
    await app.init();
    const rows: Array<{ name: string; phone: string }> = [];
    try {
      const cases = await runs[0].db.pool.query(`SELECT case_id FROM complainant_identities`);
      for (const { case_id } of cases.rows) {
        const read = request(app.getHttpServer()).get(`/api/v1/cases/${case_id}/complainant`).query({ purpose: 'verification' });
        rows.push((await read.set(as.intake).expect(200)).body.identity);
      }
    } finally {
      await app.close();
    }
    expect(rows.length).toBeGreaterThan(30);
    for (const r of rows) {
      expect(r.name).toMatch(/^测试/);
      expect(r.phone).toMatch(/^1380000\d{4}$/);
    }
  });

  it('refuses a year without calendar data, and a year not yet begun, with a usage error', async () => {
    const common = { cases: 5, seed: 1, env: { DATABASE_URL: runs[0].db.url }, logger: createLogger('silent'), report: () => undefined };
    await expect(runDemo({ ...common, year: 2031, now: new Date('2032-03-01T00:00:00Z') })).rejects.toThrow(
      new DemoUsageError(
        '--year 2031: there is no official calendar for 2031 (built in: 2004–2026); an administrator can publish it first with PUT /api/v1/admin/calendar/2031',
      ),
    );
    await expect(runDemo({ ...common, year: 2027, now: NOW })).rejects.toThrow(/--year 2027 has not begun/);
  });

  it('refuses a year the calendar can never have (the API publishes 2000 to 2100) before any database starts, without the hint to publish it', async () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-year-'));
    try {
      const neverMade = path.join(scratch, 'pg');
      const env = { EMBEDDED_PG_DIR: neverMade, EMBEDDED_PG_PORT: '1' };
      const common = { cases: 5, seed: 1, env, logger: createLogger('silent'), report: () => undefined, now: NOW };
      for (const year of [1999, 2101]) {
        const refused = runDemo({ ...common, year });
        await expect(refused).rejects.toThrow(
          new DemoUsageError(`--year must be from 2000 to 2100, the years the official calendar can have, got "${year}"`),
        );
      }
      expect(fs.existsSync(neverMade)).toBe(false);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('refuses a database a projector works on, appending nothing: its scheduler would judge the year by the real clock', async () => {
    const projector = new Client({ connectionString: runs[0].db.url });
    await projector.connect();
    try {
      expect(await tryLeadership(projector, 'case-list')).toBe(true);
      const events = `SELECT count(*)::int AS n FROM events`;
      const before = (await runs[0].db.pool.query(events)).rows[0].n;
      const common = { cases: 5, seed: 1, env: { DATABASE_URL: runs[0].db.url }, logger: createLogger('silent'), report: () => undefined };

      const refused = runDemo({ ...common, year: YEAR, now: NOW });

      await expect(refused).rejects.toBeInstanceOf(DemoRefusal);
      await expect(refused).rejects.toThrow(
        /^a projector works on this database \(PostgreSQL session \d+, [^,]+, leading 1 read model\(s\)\)/,
      );
      expect((await runs[0].db.pool.query(events)).rows[0].n).toBe(before);
    } finally {
      await projector.end();
    }
  });

  it('stops when interrupted: the commands in flight end, its connections close, and it says so (exit 130 for SIGINT)', async () => {
    const db = await createTestDatabase();
    try {
      const interruption = new AbortController();
      const lines: string[] = [];
      const report = (line: string) => {
        lines.push(line);
        if (/^\d{4}-\d{2} /.test(line)) interruption.abort('SIGINT'); // the first month's line
      };
      const env = { DATABASE_URL: db.url };

      const interrupted = runDemo({
        cases: 400,
        year: YEAR,
        seed: 3,
        env,
        logger: createLogger('silent'),
        report,
        now: NOW,
        signal: interruption.signal,
      });

      await expect(interrupted).rejects.toBeInstanceOf(DemoInterrupted);
      await expect(interrupted).rejects.toMatchObject({ signal: 'SIGINT', exitCode: 130 });
      expect(lines.filter((line) => /^\d{4}-\d{2} /.test(line))).toHaveLength(1);
      const others = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`;
      const deadline = Date.now() + 5_000;
      while ((await db.pool.query(others)).rows[0].n > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await db.pool.query(others)).rows[0].n).toBe(0);
      const filed = (await db.pool.query(`SELECT count(*)::int AS n FROM events WHERE type = 'ComplaintFiled'`)).rows[0].n;
      expect(filed).toBeGreaterThan(0);
      expect(filed).toBeLessThan(400);
    } finally {
      await db.drop();
    }
  }, 120_000);

  // Last: it adds a year to the first run's database, which the tests above read as one year.
  it('runs again on the same database with the same seed: another year of cases, each inspection record kept once, the ranking not published again, and says so', async () => {
    const deductions = `SELECT data->>'deductionId' AS id, count(*)::int AS n FROM events WHERE type = 'InspectionDeductionRecorded' GROUP BY 1 ORDER BY 1`;
    const before = (await runs[0].db.pool.query(deductions)).rows;
    expect(before.length).toBeGreaterThan(0); // else the run again would not meet a number taken
    const events = `SELECT count(*)::int AS n FROM events`;
    const eventsBefore = (await runs[0].db.pool.query(events)).rows[0].n as number;
    const lines: string[] = [];
    const again = await runDemo({
      cases: 40,
      year: YEAR,
      seed: 7,
      env: { DATABASE_URL: runs[0].db.url },
      logger: createLogger('silent'),
      report: (line) => lines.push(line),
      now: NOW,
    });
    expect(again.caseIds).toHaveLength(40);
    expect(again.caseIds.filter((id) => runs[0].result.caseIds.includes(id))).toEqual([]);
    expect((await runs[0].db.pool.query(deductions)).rows).toEqual(before);
    // The month's ranking stands as the first run published it: one RankingPublished, version 1, without this run's cases.
    const rankings = await runs[0].db.pool.query(`SELECT stream_version FROM events WHERE stream_id LIKE 'ranking-%' ORDER BY 1`);
    expect(rankings.rows.map((r) => Number(r.stream_version))).toEqual([1]);
    expect(again.ranking).toEqual({ ...runs[0].result.ranking, published: false });
    expect(lines.at(-2)).toMatch(
      /; ranking 2025-12-department was already published before this run \(\d+ departments\); not published again: it does not include this run's cases$/,
    );
    // The summary counts what was appended, no more: the ranking's event and the deductions kept are not.
    const appended = (await runs[0].db.pool.query(events)).rows[0].n - eventsBefore;
    expect(lines.at(-1)).toContain(`Events appended: ${appended.toLocaleString('en')} (`);
    expect(lines.at(-1)).toContain(
      ` appraisal inputs (${before.reduce((sum, r) => sum + r.n, 0)} inspection deduction(s) not recorded again: an earlier run recorded their numbers); `,
    );
    expect(lines.at(-1)).toMatch(/; \d+ in the ledger's streams\)/);
  }, 120_000);
});
