const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

/**
 * Seconds each slow test file took in a fresh-clone CI run (2 workers, no other load; e3d122a, 2
 * December). A fresh clone has no timing cache, and jest then starts the largest files first, which
 * once put a 100 s file last: one worker ran it alone while the other sat idle. Slowest first lets
 * the two workers end together. Files not listed (all under 15 s) follow, largest first as jest does.
 *
 * Not re-measured blindly: with startup moved up to second by its later 90–103 s, it ran beside
 * api-crash and the static checks and took 168 s (6437368, 7 December), the run no shorter. A file
 * that boots servers again and again pays most for the first minutes' contention; browser files,
 * which mostly wait, fit beside api-crash then.
 */
const MEASURED_SECONDS = {
  'test/fault/api-crash.e2e-spec.ts': 75,
  'test/browser/dashboard.e2e-spec.ts': 73,
  'test/browser/case-journey.e2e-spec.ts': 65,
  'test/browser/oidc-sign-in.e2e-spec.ts': 65,
  'test/browser/audit.e2e-spec.ts': 64,
  'test/e2e/startup.e2e-spec.ts': 59,
  'test/browser/ledger.e2e-spec.ts': 53,
  'test/browser/admin.e2e-spec.ts': 41,
  'test/browser/overdue.e2e-spec.ts': 39,
  'test/browser/appraisal.e2e-spec.ts': 36,
  'test/browser/console.e2e-spec.ts': 35,
  'tools/demo/src/demo.spec.ts': 30,
  'test/e2e/backup-restore.e2e-spec.ts': 27,
  'test/e2e/rankings.e2e-spec.ts': 24,
  'test/fuzz/api-fuzz.e2e-spec.ts': 23,
  'test/fault/projector.e2e-spec.ts': 23,
  'libs/event-store/src/postgres/postgres-event-store.spec.ts': 22,
  'projections/runner/rebuild.spec.ts': 20,
  'apps/api/src/units/unit-seeder.spec.ts': 16,
  'test/e2e/projections-cli.e2e-spec.ts': 15,
  'test/contract/prism-journey.e2e-spec.ts': 15,
};

/** Jest's own order (the last run's timings when it has them, else file size), with the measured figures standing in for missing timings. */
class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const root = path.resolve(__dirname, '../..');
    const estimate = (test) => {
      const cached = this.time(test);
      if (cached != null) return cached;
      const measured = MEASURED_SECONDS[path.relative(root, test.path).split(path.sep).join('/')];
      return measured == null ? null : measured * 1000;
    };
    const sized = super.sort([...tests]);
    const rank = new Map(sized.map((test, i) => [test, i]));
    const failed = (test) => (this.hasFailed(test) ? 1 : 0);
    return sized.sort((a, b) => {
      if (failed(a) !== failed(b)) return failed(b) - failed(a);
      const [ea, eb] = [estimate(a), estimate(b)];
      if (ea != null && eb != null) return eb - ea;
      if (ea != null || eb != null) return ea != null ? -1 : 1;
      return rank.get(a) - rank.get(b);
    });
  }
}

module.exports = SlowFirstSequencer;
