import { describeVerification } from './configured-verification';
import type { IntegrityFailure, LogVerification } from './verify-log';

const failing = (...failures: IntegrityFailure[]): LogVerification => ({
  ok: false,
  verifiedAt: '2026-12-06T00:00:00.000Z',
  events: 3,
  streams: 1,
  unchainedEvents: 0,
  checkpoints: { count: 1, invalid: 0, last: null },
  firstFailure: failures[0],
  failureCount: failures.length,
  failures,
});

const failure = (overrides: Partial<IntegrityFailure>): IntegrityFailure => ({
  kind: 'hash_mismatch',
  message: 'm',
  streamId: null,
  version: null,
  position: null,
  eventId: null,
  checkpoint: null,
  ...overrides,
});

describe('describeVerification', () => {
  it('names the event a failure is about by stream, version and position, and a checkpoint failure by its message alone', () => {
    const lines = describeVerification(
      failing(
        failure({ streamId: 'case-1', version: 2, position: '17', message: 'case-1 version 2 does not match its hash' }),
        failure({ kind: 'checkpoint_invalid', checkpoint: 1, message: 'Checkpoint 1: its signature does not verify' }),
        failure({ kind: 'stream_missing', streamId: 'case-2', version: 4, message: 'case-2 is gone' }),
      ),
    );
    expect(lines.slice(2)).toEqual([
      '  hash_mismatch: case-1 version 2 at position 17: case-1 version 2 does not match its hash',
      '  checkpoint_invalid: Checkpoint 1: its signature does not verify',
      '  stream_missing: case-2 version 4: case-2 is gone',
    ]);
  });
});
