import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { EventStoreModule } from '@app/event-store/event-store.module';
import { PostgresEventStore } from '@app/event-store';
import { ClockModule, loadConfig, ManualClock, PlatformModule } from '@app/platform';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { ProjectorModule } from '../projector.module';
import { caseEvents as ev, appendCase, deadlinesPassed } from './deadlines.fixtures';

describe('deadline scheduler in the projector module', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    // drop() ends the pool, then terminates the database's connections: one still closing would
    // otherwise emit an unhandled 'error' and crash the test file.
    db.pool.on('error', () => undefined);
    store = new PostgresEventStore(db.pool, db.url, { pollIntervalMs: 60_000 });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('starts with the application, fires by the injected clock, and stops cleanly on close', async () => {
    const caseId = randomUUID();
    await appendCase(
      store,
      caseId,
      ev.filed(caseId, '2026-03-02T09:30:00+08:00'),
      ev.accepted(),
      ev.notified('unit-a', '2026-03-03', '2026-03-16'),
    );

    const app = await NestFactory.createApplicationContext(
      {
        module: class TestProjector {},
        imports: [
          PlatformModule.forRoot({ ...loadConfig({}), databaseUrl: db.url }),
          EventStoreModule.forRoot(),
          ClockModule.forRoot(new ManualClock('2026-03-04T09:00:00+08:00')),
          ProjectorModule.forRoot({ deadlineScheduler: { intervalMs: 20 } }),
        ],
      },
      { logger: false },
    );
    await app.init();
    try {
      const until = Date.now() + 10_000;
      while ((await deadlinesPassed(store, caseId)).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    } finally {
      // Stops the loop before the pool ends: a tick cut off mid-way would reject here.
      await app.close();
    }
    expect(await deadlinesPassed(store, caseId)).toEqual([{ deadline: 'sign_for', unitId: 'unit-a', dueDate: '2026-03-03' }]);
  });
});
