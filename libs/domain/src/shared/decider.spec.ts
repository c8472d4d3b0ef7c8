import { DomainError, isDomainError } from './domain-error';
import { replay, type Decider } from './decider';

// A two-state toy decider: enough to pin down the contract every aggregate follows.
type Command = { type: 'Open' } | { type: 'Close' };
type Event = { type: 'Opened' } | { type: 'Closed' };
type State = { open: boolean; changes: number };

const door: Decider<Command, Event, State> = {
  initialState: () => ({ open: false, changes: 0 }),
  decide: (command, state) => {
    if (command.type === 'Open') return state.open ? new DomainError('ALREADY_OPEN', 'already open') : [{ type: 'Opened' }];
    return state.open ? [{ type: 'Closed' }] : new DomainError('NOT_OPEN', 'not open');
  },
  evolve: (state, event) => ({ open: event.type === 'Opened', changes: state.changes + 1 }),
};

describe('decider contract', () => {
  it('given no events, when Open, then Opened', () => {
    expect(door.decide({ type: 'Open' }, replay(door, []))).toEqual([{ type: 'Opened' }]);
  });

  it('given Opened, when Open, then the rule is named by a stable code', () => {
    const decision = door.decide({ type: 'Open' }, replay(door, [{ type: 'Opened' }]));
    expect(isDomainError(decision) && decision.code).toBe('ALREADY_OPEN');
  });

  it('replay folds events in order from the initial state', () => {
    expect(replay(door, [{ type: 'Opened' }, { type: 'Closed' }, { type: 'Opened' }])).toEqual({ open: true, changes: 3 });
  });
});
