import { ID_PATTERN as API_ID_PATTERN } from '../../../api/src/common/text-fields';
import { ID_PATTERN, idArgument } from './id-argument';

describe('an id on a script’s command line', () => {
  it('is held to the API’s rule for ids (its own copy, light to load: kept equal here)', () => {
    expect(ID_PATTERN.source).toBe(API_ID_PATTERN.source);
    expect(ID_PATTERN.flags).toBe(API_ID_PATTERN.flags);
  });

  it.each(['ops-zhang', 'cli:root', 'a.b_c@d', 'x'.repeat(128)])('%s: taken', (id) => {
    expect(idArgument('--actor', id)).toBe(id);
  });

  it.each(['bad name', '-x', ':x', 'x'.repeat(129), '张三', 'a\nb'])('%j: refused, naming the option', (id) => {
    expect(() => idArgument('--actor', id)).toThrow(
      `--actor must be letters, digits, . _ : @ - (at most 128, the first a letter or digit), got ${JSON.stringify(id)}`,
    );
  });
});
