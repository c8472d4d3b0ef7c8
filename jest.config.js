/** One jest run: unit, contract, e2e and fault tests. See test/support/global-setup.ts for the database. */
const lib = (name, dir) => ({ [`^@app/${name}$`]: `<rootDir>/${dir}`, [`^@app/${name}/(.*)$`]: `<rootDir>/${dir}/$1` });

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  moduleNameMapper: {
    ...lib('domain', 'libs/domain/src'),
    ...lib('event-store', 'libs/event-store/src'),
    ...lib('platform', 'libs/platform/src'),
    ...lib('projections', 'projections'),
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Slowest files first, so the two workers end together on a fresh clone (no timing cache).
  testSequencer: '<rootDir>/test/support/slow-first-sequencer.js',
  maxWorkers: 2,
  testTimeout: 30000,
};
