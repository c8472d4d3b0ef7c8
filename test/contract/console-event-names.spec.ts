import * as domain from '@app/domain';
import { EVENT_TYPE_NAMES } from '../../apps/console/src/views/audit/event-type-names';

/**
 * 纪检审计 reads the log in Chinese: the console imports no package, so it names event types from a
 * table of its own, and a type missing there shows the discipline office its English code. Every
 * type the deciders write must have its Chinese name.
 */
describe('the console names in Chinese every event type the domain writes', () => {
  const written = Object.entries(domain)
    .filter(([name]) => name.endsWith('EVENT_SCHEMA_VERSIONS'))
    .flatMap(([, versions]) => Object.keys(versions as Record<string, number>));

  it('has a name for each', () => {
    expect(written.length).toBeGreaterThan(50);
    expect(written.filter((type) => !EVENT_TYPE_NAMES[type])).toEqual([]);
  });
});
