import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { EventStoreModule } from '@app/event-store/event-store.module';
import { ClockModule, loadConfig, ManualClock, PlatformModule } from '@app/platform';
import * as ev from '../../../../test/support/case-events';
import { appendToCase, useEventStoreDatabase } from '../../../../test/support/event-log';
import { ProjectorModule } from '../projector.module';
import { DUE_2_MARCH, RECEIVED_AT, deadlinesPassed } from './deadlines.fixtures';

describe('deadline scheduler in the projector module', () => {
  const db = useEventStoreDatabase({ per: 'file', store: { pollIntervalMs: 60_000 } });

  it('starts with the application, fires by the injected clock, and stops cleanly on close', async () => {
    const caseId = randomUUID();
    await appendToCase(
      db.store,
      caseId,
      ev.complaintFiled({ caseId, receivedAt: RECEIVED_AT }),
      ev.complaintAccepted(),
      ev.unitNotified('unit-a', DUE_2_MARCH),
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
      while ((await deadlinesPassed(db.store, caseId)).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    } finally {
      // Stops the loop before the pool ends: a tick cut off mid-way would reject here.
      await app.close();
    }
    expect(await deadlinesPassed(db.store, caseId)).toEqual([{ deadline: 'sign_for', unitId: 'unit-a', dueDate: '2026-03-03' }]);
  });
});
