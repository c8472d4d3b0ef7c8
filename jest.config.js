/** One jest run: unit, contract, e2e and fault tests. See test/support/global-setup.ts for the database. */
const lib = (name, dir) => ({ [`^@app/${name}$`]: `<rootDir>/${dir}`, [`^@app/${name}/(.*)$`]: `<rootDir>/${dir}/$1` });

module.exports = {
  rootDir: '.',
  // Jest's node environment, its workers exiting at once when done (test/support/node-environment.js).
  testEnvironment: '<rootDir>/test/support/node-environment.js',
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/'],
  // SWC strips the types file by file (tsc checks them once, in `npm run checks`); on a fresh clone,
  // with no transform cache, it spent 62 s less CPU than ts-jest over the whole suite. The options
  // mirror tsconfig.json's emit: ES2022 class fields, legacy decorators with their metadata (Nest's
  // injection reads the constructor's parameter types from it).
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        sourceMaps: 'inline',
        module: { type: 'commonjs' },
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
          keepClassNames: true,
        },
      },
    ],
  },
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
