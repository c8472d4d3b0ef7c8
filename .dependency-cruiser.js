/**
 * Layering rules, checked by `npm run lint:architecture` (part of `npm test`).
 * Data flows one way: apps → projections → libs; the domain depends on nothing but itself.
 */
const NODE_IO = '^(fs|net|http|https|http2|dgram|child_process|cluster|worker_threads|dns|tls|readline|process)$';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'libs/domain is pure TypeScript: no Nest, pg, event store, HTTP or other I/O',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: {
        // Pure data packages allowed by name: chinese-days (official holidays and 调休 days).
        pathNot: '^libs/domain/|^node_modules/chinese-days/',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'domain-no-node-io',
      comment: 'libs/domain performs no I/O',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { dependencyTypes: ['core'], path: NODE_IO },
    },
    {
      name: 'event-store-port-has-no-framework',
      comment: 'the port and its adapters work without Nest; only event-store.module.ts wires them in',
      severity: 'error',
      from: { path: '^libs/event-store/src/', pathNot: '\\.module\\.ts$' },
      to: { path: '@nestjs' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^(apps|projections)/' },
    },
    {
      name: 'production-code-does-not-import-tests',
      severity: 'error',
      from: { path: '^(apps|libs|projections)/', pathNot: '\\.spec\\.ts$|/contract/' },
      to: { path: '^test/|\\.spec\\.ts$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^(dist|\\.data)/' },
  },
};
