import type { Pool } from 'pg';
import type { EventStore } from '@app/event-store';
import { DeadlineScheduler } from './deadline-scheduler';
import { waitUntil } from '../../../../test/support/wait';

describe('the deadline scheduler while the database is away', () => {
  it('says each failed tick in one line, naming the cause, and keeps retrying', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:54329'), { code: 'ECONNREFUSED' });
    const away = () => Promise.reject(refused);
    const pool = { query: away, connect: away } as unknown as Pool;
    const errors: string[] = [];
    const logger = { log: () => undefined, warn: () => undefined, error: (message: string) => errors.push(message) };
    const scheduler = new DeadlineScheduler(
      { pool, store: {} as EventStore, clock: { now: () => new Date('2026-03-02T02:00:00Z') }, logger },
      { intervalMs: 5 },
    );
    scheduler.start();
    try {
      await waitUntil(() => errors.length >= 2, { timeoutMs: 10_000, failure: 'the scheduler never retried' });
    } finally {
      await scheduler.stop();
    }
    expect(errors[0]).toBe('Deadline scheduler tick failed, retrying: connect ECONNREFUSED 127.0.0.1:54329');
    expect(errors.every((line) => !line.includes('\n'))).toBe(true);
  });
});
