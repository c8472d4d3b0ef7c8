import { DomainError } from '@app/domain';
import { StreamMoved, WrongExpectedVersion } from '@app/event-store';
import { ConfigurationReading, NothingAppended, onHeldConfiguration } from './configuration-reading';

/** Runs `onHeldConfiguration` whose first attempt takes a stream as held (or checks it) and then fails with `error`. */
async function attempts(error: unknown, firstTakesHeld = true): Promise<{ modes: string[]; outcome: unknown }> {
  const modes: string[] = [];
  const outcome = await onHeldConfiguration(async (configuration) => {
    modes.push(configuration.mode);
    configuration.record('unit-dept-a', 3, firstTakesHeld && configuration.mode === 'held');
    if (configuration.mode === 'held') throw error;
    return 'decided on configuration checked';
  }).catch((e: unknown) => e);
  return { modes, outcome };
}

describe('a command on configuration held, confirmed by its append (onHeldConfiguration)', () => {
  it.each([
    ['the append found a stream it was completed from moved', new StreamMoved('unit-dept-a', 3, 4)],
    ['a refusal decided on a copy held', new DomainError('UNIT_RETIRED', 'retired')],
    ['a decision of no events, which no append confirms', new NothingAppended()],
  ])('%s: decided again on configuration checked first', async (_case, error) => {
    expect(await attempts(error)).toEqual({ modes: ['held', 'checked'], outcome: 'decided on configuration checked' });
  });

  it('a refusal decided on streams all checked is the answer: no second attempt', async () => {
    const refusal = new DomainError('UNIT_NOT_FOUND', 'no such unit');
    expect(await attempts(refusal, false)).toEqual({ modes: ['held'], outcome: refusal });
  });

  it('what configuration cannot change is the answer at once (a concurrent writer on the case, a failure)', async () => {
    for (const error of [new WrongExpectedVersion('case-1', 2, 3), new Error('connection lost')]) {
      expect(await attempts(error)).toEqual({ modes: ['held'], outcome: error });
    }
  });

  it('the versions an append confirms are the first read of each stream, held or checked', () => {
    const held = ConfigurationReading.held();
    held.record('unit-dept-a', 3, true);
    held.record('config-calendar', 0, false);
    held.record('unit-dept-a', 4, false);
    expect(held.decidedOn()).toEqual([
      { streamId: 'unit-dept-a', version: 3 },
      { streamId: 'config-calendar', version: 0 },
    ]);
    const checked = ConfigurationReading.checked();
    checked.record('unit-dept-a', 4, false);
    // Checked a moment before the append, a unit can still be retired in between: the append confirms it was not.
    expect(checked.decidedOn()).toEqual([{ streamId: 'unit-dept-a', version: 4 }]);
  });
});
