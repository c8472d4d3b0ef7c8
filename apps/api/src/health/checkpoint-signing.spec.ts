import * as path from 'node:path';
import type { Pool } from 'pg';
import type { Backlog, EventStore } from '@app/event-store';
import type { TamperEvidenceConfig } from '@app/platform';
import { CheckpointSigningProbe, signingDegraded, type CheckpointSigningReport } from './checkpoint-signing';
import { healthStatus } from './health-status';

/** A ledger of the given rows (newest first, as CheckpointLedger asks) and a log whose first unsigned event is `next`. */
function probeOver(
  rows: { sequence: number; statement: string; signature: string }[],
  next: Backlog['next'],
  config: Partial<TamperEvidenceConfig> = {},
) {
  const connection = { query: jest.fn(async () => ({ rows: rows.map((r) => ({ ...r, sequence: String(r.sequence) })) })) };
  const store = { backlog: jest.fn(async () => ({ headPosition: null, next, count: next ? 1 : 0 })) };
  const tamperEvidence: TamperEvidenceConfig = {
    // No key here: none configured, none generated (generateIfMissing false).
    signingKeyFile: path.join(__dirname, 'no-such-key.pem'),
    generateIfMissing: false,
    checkpointIntervalSeconds: 60,
    checkpointStaleSeconds: 300,
    ...config,
  };
  const probe = new CheckpointSigningProbe(connection as unknown as Pool, store as unknown as EventStore, tamperEvidence);
  return { probe, store };
}

const statement = (sequence: number, upToPosition: string, signedAt = '2026-11-20T02:00:00.000Z') =>
  JSON.stringify({ sequence, previous: null, upToPosition, heads: [], signedAt, keyId: 'k' });

describe('the signing state health reports', () => {
  const now = Date.parse('2026-11-20T02:10:00Z');

  it('without a key: the newest row taken at its word (keyId null), its position where unsigned events start', async () => {
    const { probe, store } = probeOver([{ sequence: 4, statement: statement(4, '40'), signature: 'x' }], {
      position: 41n,
      recordedAt: '2026-11-20T02:04:00.000Z',
    });
    const report = await probe.read(now);
    expect(report).toEqual({
      keyId: null,
      newest: { sequence: 4, problem: null },
      lastValid: { sequence: 4, upToPosition: '40', signedAt: '2026-11-20T02:00:00.000Z', ageSeconds: 600 },
      unsignedSince: '2026-11-20T02:04:00.000Z',
      unsignedSeconds: 360,
      staleAfterSeconds: 300,
    });
    expect(store.backlog).toHaveBeenCalledWith({ after: 40n, limit: 1 });
    expect(signingDegraded(report)).toBe(true);
  });

  it('without a key, a newest row that is not a checkpoint: nothing taken from it, every event counts as unsigned', async () => {
    const { probe, store } = probeOver([{ sequence: 2, statement: 'garbage', signature: 'x' }], null);
    expect(await probe.read(now)).toMatchObject({ newest: { sequence: 2, problem: null }, lastValid: null, unsignedSeconds: 0 });
    expect(store.backlog).toHaveBeenCalledWith({ after: undefined, limit: 1 });
  });

  it('with signing off in this configuration (interval 0), old unsigned events are not a degradation', async () => {
    const { probe } = probeOver([], { position: 1n, recordedAt: '2026-11-19T00:00:00.000Z' }, { checkpointIntervalSeconds: 0 });
    const report = await probe.read(now);
    expect(report).toMatchObject({ newest: null, lastValid: null, staleAfterSeconds: null });
    expect(report.unsignedSeconds).toBeGreaterThan(86_400);
    expect(signingDegraded(report)).toBe(false);
  });

  it('degraded when the newest row does not verify, or events wait as long as the bound; the status follows', () => {
    const base: CheckpointSigningReport = {
      keyId: 'k',
      newest: { sequence: 1, problem: null },
      lastValid: null,
      unsignedSince: null,
      unsignedSeconds: 0,
      staleAfterSeconds: 300,
    };
    expect(signingDegraded(undefined)).toBe(false);
    expect(signingDegraded(base)).toBe(false);
    expect(signingDegraded({ ...base, unsignedSeconds: 299.9 })).toBe(false);
    expect(signingDegraded({ ...base, unsignedSeconds: 300 })).toBe(true);
    expect(signingDegraded({ ...base, newest: { sequence: 2, problem: 'its signature does not match its statement' } })).toBe(true);
    expect(healthStatus(true, null, false, false, true)).toBe('degraded');
    expect(healthStatus(false, null, false, false, true)).toBe('unavailable');
  });
});
