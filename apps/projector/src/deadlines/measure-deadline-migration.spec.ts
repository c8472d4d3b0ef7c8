import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runMigrations } from '@app/platform';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { PROJECTOR_MIGRATIONS } from '../projector-migrations';
import { claimDueDeadlines, feedDeadlineChanges } from './deadline-table';

// Migration 1764600000800 (measure deadlines) on a database already scheduling the units'
// deadlines: the rows there keep their ids and go on firing, and a feeder of the previous release
// (opens without a stream) still works during a rolling deploy.

const quiet = { info: () => undefined };
const MEASURES_MIGRATION = '1764600000800_measure-deadlines.sql';

describe('measure deadlines migration, in place', () => {
  let db: TestDatabase;
  let before: string;
  beforeEach(async () => {
    db = await createTestDatabase({ empty: true });
    db.pool.on('error', () => undefined);
    // The projector's migrations as they were before this one.
    before = fs.mkdtempSync(path.join(os.tmpdir(), 'deadlines-before-'));
    for (const file of fs.readdirSync(PROJECTOR_MIGRATIONS[0]).filter((f) => f.endsWith('.sql') && f < MEASURES_MIGRATION)) {
      fs.copyFileSync(path.join(PROJECTOR_MIGRATIONS[0], file), path.join(before, file));
    }
  });
  afterEach(async () => {
    fs.rmSync(before, { recursive: true, force: true });
    await db.drop();
  });

  /** An open as the previous release's feeder sends it: no stream, no measure. */
  const oldOpen = (position: number, caseId: string, dueDate: string) => ({
    position: String(position),
    type: 'open',
    deadline_id: `${caseId}:u1:handling:${dueDate}`,
    case_id: caseId,
    unit_id: 'u1',
    kind: 'handling',
    due_date: dueDate,
    fire_at: `${dueDate}T16:00:00.000Z`,
  });
  const feedOld = (last: number, changes: object[]) =>
    db.pool.query('SELECT * FROM feed_scheduled_deadlines($1, $2, $3::jsonb)', ['deadline-scheduler', last, JSON.stringify(changes)]);

  it('keeps the units’ rows and ids, which still fire as a case’s; an old feeder’s opens still land', async () => {
    expect(await runMigrations(db.url, [before], quiet)).not.toContain(MEASURES_MIGRATION.replace('.sql', ''));
    await feedOld(1, [oldOpen(1, 'c1', '2026-03-16')]);

    expect(await runMigrations(db.url, PROJECTOR_MIGRATIONS, quiet)).toEqual([MEASURES_MIGRATION.replace('.sql', '')]);
    await feedOld(2, [oldOpen(2, 'c2', '2026-03-16')]);

    const { rows } = await db.pool.query(
      'SELECT deadline_id, stream_id, case_id, measure_id, state FROM scheduled_deadlines ORDER BY deadline_id',
    );
    expect(rows).toEqual([
      { deadline_id: 'c1:u1:handling:2026-03-16', stream_id: 'case-c1', case_id: 'c1', measure_id: null, state: 'pending' },
      { deadline_id: 'c2:u1:handling:2026-03-16', stream_id: 'case-c2', case_id: 'c2', measure_id: null, state: 'pending' },
    ]);
    const due = await claimDueDeadlines(db.pool, new Date('2026-03-17T01:00:00Z'), 10, 60_000);
    expect(due.map((d) => d.deadlineId).sort()).toEqual(['c1:u1:handling:2026-03-16', 'c2:u1:handling:2026-03-16']);
    expect(due.find((d) => d.deadlineId.startsWith('c1'))).toEqual({
      deadlineId: 'c1:u1:handling:2026-03-16',
      caseId: 'c1',
      unitId: 'u1',
      kind: 'handling',
      dueDate: '2026-03-16',
    });

    // The new feeder's changes apply to them as before.
    await feedDeadlineChanges(db.pool, 'deadline-scheduler', 3n, [
      { change: { type: 'close', caseId: 'c1', unitId: 'u1', kind: 'handling', state: 'met' }, position: 3n },
    ]);
    const { rows: after } = await db.pool.query("SELECT state FROM scheduled_deadlines WHERE case_id = 'c1'");
    expect(after).toEqual([{ state: 'met' }]);
  });
});
