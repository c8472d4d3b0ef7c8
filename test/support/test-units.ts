import * as path from 'node:path';

/** The unit registry the end-to-end tests seed (test/fixtures/units.json). */
export const TEST_UNITS_SEED = path.join(__dirname, '..', 'fixtures', 'units.json');
