import { PROJECTIONS } from './index';
import { READ_MODEL_NAMES } from './read-model-names';

describe('the read models’ names', () => {
  it('are those of PROJECTIONS, in its order (a light copy for the command line: kept equal here)', () => {
    expect(READ_MODEL_NAMES).toEqual(PROJECTIONS.map((p) => p.name));
  });
});
