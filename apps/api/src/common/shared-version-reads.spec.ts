import type { ReadModelVersion } from '@app/projections';
import { SharedVersionReads } from './shared-version-reads';

const T = Date.parse('2026-11-16T09:00:00Z');
const at = (ms: number) => new Date(T + ms);
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A read model whose version the test moves; every read is recorded with the instant it was asked about. */
function readModel(changesAfter: number | null = null) {
  const state = { version: 'v1', fail: false };
  const reads: Array<{ key: string; asOf: number }> = [];
  let held: Promise<void> = Promise.resolve();
  const readAt = jest.fn(async (key: string, asOf: Date): Promise<ReadModelVersion> => {
    reads.push({ key, asOf: asOf.getTime() - T });
    const version = `${state.version}@${key}`; // what the read model holds when the read arrives
    await held;
    if (state.fail) throw new Error('connection lost');
    return { version, changesAt: changesAfter === null ? null : T + changesAfter };
  });
  /** Keeps the reads sent from now on waiting for their answer until the returned function is called. */
  const hold = () => {
    let release = () => {};
    held = new Promise<void>((resolve) => (release = resolve));
    return release;
  };
  return { state, reads, shared: new SharedVersionReads(readAt), hold };
}

describe('SharedVersionReads: one version read for the requests of one turn', () => {
  it('the requests of one turn share one read, made at the earliest instant they asked about', async () => {
    const { reads, shared } = readModel();
    const versions = await Promise.all([shared.version('2025', at(5)), shared.version('2025', at(2)), shared.version('2025', at(9))]);
    expect(versions).toEqual(['v1@2025', 'v1@2025', 'v1@2025']);
    expect(reads).toEqual([{ key: '2025', asOf: 2 }]);
  });

  it('a request that asks while a read is on its way gets a read of its own: it sees what was written before it asked', async () => {
    const { state, reads, shared, hold } = readModel();
    const release = hold(); // reads stay on their way until released
    const first = shared.version('2025', at(0));
    await nextTurn(); // the first read is sent, not answered
    expect(reads).toHaveLength(1);
    state.version = 'v2'; // a write the next request's caller made and waited for (read-your-writes)
    const second = shared.version('2025', at(1));
    await nextTurn();
    release();
    expect(await first).toBe('v1@2025');
    expect(await second).toBe('v2@2025');
    expect(reads).toHaveLength(2);
  });

  it('a request at or after the instant the answer changes reads its own version', async () => {
    const { reads, shared } = readModel(10); // something pending is reached 10 ms after the instant read
    const versions = await Promise.all([shared.version('2025', at(0)), shared.version('2025', at(9)), shared.version('2025', at(10))]);
    expect(versions).toEqual(['v1@2025', 'v1@2025', 'v1@2025']);
    expect(reads).toEqual([
      { key: '2025', asOf: 0 },
      { key: '2025', asOf: 10 },
    ]);
  });

  it('keys are read apart', async () => {
    const { reads, shared } = readModel();
    expect(await Promise.all([shared.version('2025', at(0)), shared.version('2026', at(0))])).toEqual(['v1@2025', 'v1@2026']);
    expect(reads.map((r) => r.key).sort()).toEqual(['2025', '2026']);
  });

  it('a failed read fails the requests that shared it, and the next turn reads again', async () => {
    const { state, reads, shared } = readModel();
    state.fail = true;
    const failed = await Promise.allSettled([shared.version('2025', at(0)), shared.version('2025', at(1))]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    state.fail = false;
    expect(await shared.version('2025', at(2))).toBe('v1@2025');
    expect(reads).toHaveLength(2);
  });
});
