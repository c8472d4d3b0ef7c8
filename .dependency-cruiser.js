/**
 * Layering rules, checked by `npm run lint:architecture` (part of `npm test`).
 *
 * The packages: libs/domain, libs/platform, libs/event-store, projections, apps/api,
 * apps/projector, apps/server (the composition root) and tools/* (the demo). Data flows one way, and
 * every package may import only packages below it in this order:
 *
 *   libs/domain, libs/platform  (import no other project package)
 *   libs/event-store            (domain, platform)
 *   projections                 (libs)
 *   apps/api, apps/projector    (libs, projections; never each other)
 *   apps/server                 (any of the above: it composes them)
 *   apps/console                (none: a browser app on the API's OpenAPI document)
 *   tools/*                     (apps/server's public surface, libs; never another tool)
 *
 * No cycle between packages: dependency-cruiser's folder-scope `circular` works on every folder
 * (subfolders of one package, test/support reached from specs) and cannot leave out spec files, so
 * it would report cycles that are not between packages. Instead the rules below each forbid the
 * edges that point up this order (domain-is-pure, platform-imports-no-project-package,
 * libs-do-not-import-apps, projections-import-no-app, apps-do-not-import-apps, tools-stay-out-of-
 * production, tools-use-the-server-surface, tools-do-not-import-tools). With only downward edges
 * left a cycle between packages cannot exist. libs/event-store may import only domain and platform,
 * which import nothing, so it cannot be on a cycle among the libs either; a new lib takes its place
 * in the order here. test/ and bench/ are not packages: they may import anything, nothing of the
 * product imports them.
 */
const NODE_IO = '^(fs|net|http|https|http2|dgram|child_process|cluster|worker_threads|dns|tls|readline|process)$';
/** Test code that lives beside the code it tests: specs, contract suites, fixtures. */
const TEST_CODE = '\\.spec\\.ts$|/contract/|\\.fixtures\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'libs/domain is pure TypeScript: no Nest, pg, event store, HTTP or other I/O',
      severity: 'error',
      from: { path: '^libs/domain/', pathNot: TEST_CODE },
      to: {
        // Pure data packages allowed by name: chinese-days (official holidays and 调休 days).
        // (^|/): node_modules may be a link to a shared install, resolved to its real path.
        pathNot: '^libs/domain/|(^|/)node_modules/chinese-days/',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'domain-specs-are-pure',
      comment: 'the specs beside the domain import as little: the domain, and fast-check for property and model-based tests',
      severity: 'error',
      from: { path: '^libs/domain/.*(' + TEST_CODE + ')' },
      to: {
        pathNot: '^libs/domain/|(^|/)node_modules/(chinese-days|fast-check)/',
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
      name: 'platform-imports-no-project-package',
      comment: 'libs/platform (configuration, database, migrations runner, logging) is the base everything stands on; it knows no package',
      severity: 'error',
      from: { path: '^libs/platform/' },
      to: { path: '^(apps|projections|tools)/|^libs/(?!platform/)' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^(apps|projections)/' },
    },
    {
      name: 'projections-import-no-app',
      comment: 'read models are fed by the projector and read by the API; they know neither',
      severity: 'error',
      from: { path: '^projections/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-do-not-import-apps',
      comment: 'only the composition root (apps/server) puts apps together; what two apps share belongs in a lib',
      severity: 'error',
      from: { path: '^apps/([^/]+)/', pathNot: '^apps/server/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'server-uses-apps-through-their-index',
      comment:
        "the composition root takes what it needs of another app from that app's src/index.ts, the one list of what the app offers; " +
        'and the usage texts of its commands from src/command-usages.ts, which imports nothing (a script says them before it loads the app)',
      severity: 'error',
      from: { path: '^apps/server/', pathNot: TEST_CODE },
      to: { path: '^apps/(?!server/)', pathNot: '^apps/[^/]+/src/(index|command-usages)\\.ts$' },
    },
    {
      name: 'console-imports-no-package',
      comment: 'the web console runs in a browser and knows the API only through its OpenAPI document (apps/console/src/api/schema.d.ts)',
      severity: 'error',
      from: { path: '^apps/console/' },
      to: { path: '^(apps/(?!console/)|libs/|projections/|tools/|test/)' },
    },
    {
      name: 'tools-stay-out-of-production',
      comment: 'the demo and other tools are not shipped: no app, lib or projection imports them',
      severity: 'error',
      from: { path: '^(apps|libs|projections)/' },
      to: { path: '^tools/' },
    },
    {
      name: 'production-entry-cannot-reach-tools',
      comment:
        'what the Dockerfile, start:api and start:projector run (and the migrate and projections commands) has nothing of tools/ in its import graph',
      severity: 'error',
      from: { path: '^apps/server/src/(main|cli/[^/]+)\\.ts$' },
      to: { path: '^tools/', reachable: true },
    },
    {
      name: 'tools-use-the-server-surface',
      comment:
        "tools use the application through apps/server/src/index.ts, not through apps' internals; and server-config.ts, the checks an entry makes before it loads the application",
      severity: 'error',
      from: { path: '^tools/' },
      to: { path: '^apps/', pathNot: '^apps/server/src/(index|server-config)\\.ts$' },
    },
    {
      name: 'tools-do-not-import-tools',
      severity: 'error',
      from: { path: '^tools/([^/]+)/' },
      to: { path: '^tools/', pathNot: '^tools/$1/' },
    },
    {
      name: 'production-code-does-not-import-tests',
      comment: 'specs, contract suites, fixtures and test/ support are test code, used by tests only',
      severity: 'error',
      from: { path: '^(apps|libs|projections|tools)/', pathNot: TEST_CODE },
      to: { path: `^test/|${TEST_CODE}` },
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
