import { Client, Pool } from 'pg';
import { useEventStoreDatabase } from '../../test/support/event-log';
import { asAppRole } from '../../test/support/global-setup';
import { project } from '../../test/support/projection-kit';
import { PROJECTIONS } from '../index';
import { HolderWatch, viewHolders, type ViewHolder } from './view-swap';

const holder = (pid: number, transaction: string): ViewHolder => ({ pid, transaction, description: `pid ${pid}` });

describe('the holders a swap waits for (HolderWatch)', () => {
  it('at the first look, any holder: its age is not known, so it looks again before asking', () => {
    expect(new HolderWatch().look([holder(1, '3/10')])).toEqual({ long: [], wait: true });
    expect(new HolderWatch().look([])).toEqual({ long: [], wait: false });
  });

  it('then those whose transaction held a view at the look before, not the readers of the moment', () => {
    const watch = new HolderWatch();
    watch.look([holder(1, '3/10'), holder(2, '4/7')]);
    // pid 1 still in the same transaction; pid 2 in a new one (a pooled connection's next read); pid 3 new.
    expect(watch.look([holder(1, '3/10'), holder(2, '4/8'), holder(3, '5/1')])).toEqual({ long: [holder(1, '3/10')], wait: true });
    expect(watch.look([holder(2, '4/9'), holder(3, '5/2')])).toEqual({ long: [], wait: false });
    expect(watch.look([])).toEqual({ long: [], wait: false });
  });
});

describe('viewHolders', () => {
  const db = useEventStoreDatabase();

  it("names a session of another role holding a view to the application's role, which may not see its state", async () => {
    const caseList = PROJECTIONS.find((p) => p.name === 'case-list')!;
    await project(db.pool, db.store, caseList);
    const reader = new Client({ connectionString: db.url, application_name: 'dba-psql' }); // the owner, another role
    const asApp = new Pool({ connectionString: asAppRole(db.url), max: 1 });
    await reader.connect();
    try {
      await reader.query('BEGIN');
      await reader.query('SELECT count(*) FROM case_list');
      const { rows } = await reader.query('SELECT pg_backend_pid() AS pid');
      const seen = await viewHolders(asApp, caseList);
      expect(seen).toEqual([
        { pid: rows[0].pid, transaction: expect.stringMatching(/^\d+\/\d+$/), description: `pid ${rows[0].pid} (dba-psql)` },
      ]);
      // As the owner, its state and age too.
      expect((await viewHolders(db.pool, caseList))[0].description).toMatch(
        /^pid \d+ \(dba-psql, idle in transaction, transaction open \d+ s\)$/,
      );
    } finally {
      await reader.end();
      await asApp.end();
    }
    expect(await viewHolders(db.pool, caseList)).toEqual([]);
  });
});
