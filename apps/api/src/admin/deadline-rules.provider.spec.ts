import type { EventStore } from '@app/event-store';
import { ConfigurationStreams, type StreamVersions } from '../common/configuration-streams';
import { DeadlineRulesProvider } from './deadline-rules.provider';

describe('the deadline rules in force', () => {
  it('are built once while no calendar or time limit has been published, not for every command', async () => {
    // A log without the configuration streams: what every installation starts with.
    const store = { readStream: async () => [] } as unknown as EventStore;
    const versions: StreamVersions = async () => new Map();
    const provider = new DeadlineRulesProvider(new ConfigurationStreams(store, versions));
    const first = await provider.current();
    expect(await provider.current()).toBe(first);
    expect(first.calendar.covers(2026)).toBe(true); // the built-in years
  });
});
