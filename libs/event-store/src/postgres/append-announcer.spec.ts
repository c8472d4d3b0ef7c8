import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { useEventStoreDatabase } from '../../../../test/support/event-log';
import { waitUntil } from '../../../../test/support/wait';
import { AppendAnnouncer } from './append-announcer';
import { APPENDED_CHANNEL } from './append-notifier';

/**
 * The announcements another process's store is woken by (AppendAnnouncer): every append announced
 * after it returned, and no more than one NOTIFY per gap however the appends come.
 */
describe('AppendAnnouncer', () => {
  const db = useEventStoreDatabase({ per: 'file' });
  const GAP_MS = 100;
  let listener: Client;
  let heard: number[];
  let markers: string[];
  let mark: string;
  let announcer: AppendAnnouncer;

  beforeEach(async () => {
    mark = `announcer-spec-${randomUUID()}`;
    heard = [];
    markers = [];
    listener = new Client({ connectionString: db.url });
    listener.on('notification', (message) => {
      if (message.payload === mark) heard.push(Date.now());
      else if (message.payload?.startsWith('marker-')) markers.push(message.payload);
    });
    await listener.connect();
    await listener.query(`LISTEN ${APPENDED_CHANNEL}`);
    announcer = new AppendAnnouncer(db.url, mark, undefined, GAP_MS);
  });

  afterEach(async () => {
    await announcer.close();
    await listener.end();
  });

  it('sends one announcement per gap to a single writer whose appends each return after the last announcement ended', async () => {
    // One append every 20 ms, each once the previous announcement has been heard (its round trip
    // over): counted from the end of the last announcement, every append would get its own.
    const started = Date.now();
    let announced = 0;
    let lastAnnounced = 0;
    while (Date.now() - started < 1_000) {
      announcer.announce();
      lastAnnounced = Date.now();
      announced++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // The last append is announced too, by a NOTIFY sent after it returned.
    await waitUntil(() => heard.some((at) => at >= lastAnnounced), { timeoutMs: 5_000 });
    const elapsed = Date.now() - started;
    expect(announced).toBeGreaterThan(20);
    // At most one per gap from the first, the first at once: elapsed / gap + 1.
    expect(heard.length).toBeLessThanOrEqual(Math.floor(elapsed / GAP_MS) + 1);
    expect(heard.length).toBeGreaterThan(1);
  });

  it('announces the appends that returned while an announcement was on its way, with one more', async () => {
    // Called in a row, all three return before the first announcement can be on its way back.
    announcer.announce();
    announcer.announce();
    announcer.announce();
    await waitUntil(() => heard.length === 2, { timeoutMs: 5_000 });
    // One more, not one per append: nothing else comes after the second.
    await allHeardAfterClosing();
    expect(heard).toHaveLength(2);
  });

  /**
   * Everything the announcer sends has been heard once a NOTIFY sent after it closed is heard: a
   * listener hears notifications in the order they were committed.
   */
  async function allHeardAfterClosing(): Promise<void> {
    await announcer.close();
    const marker = `marker-${randomUUID()}`;
    await db.pool.query('SELECT pg_notify($1, $2)', [APPENDED_CHANNEL, marker]);
    await waitUntil(() => markers.includes(marker), { timeoutMs: 5_000 });
  }

  it('appends that return while the next announcement waits for its time are covered by it, not by one more', async () => {
    // A gap far longer than this machine stalls under load, so that the two appends below surely
    // come within it: with 100 ms, a busy machine heard the first announcement, and the test went
    // on, more than a gap after it was sent, and the second append was rightly announced at once.
    await announcer.close();
    announcer = new AppendAnnouncer(db.url, mark, undefined, 2_000);
    announcer.announce();
    await waitUntil(() => heard.length === 1, { timeoutMs: 5_000 });
    // Within the gap of the first: both wait for the second, which is sent after both returned.
    announcer.announce();
    announcer.announce();
    await waitUntil(() => heard.length === 2, { timeoutMs: 5_000 });
    await allHeardAfterClosing();
    expect(heard).toHaveLength(2);
  });

  it('a closing store still announces what returned before it closed', async () => {
    announcer.announce();
    announcer.announce();
    await announcer.close();
    await waitUntil(() => heard.length === 2, { timeoutMs: 5_000 });
  });
});
