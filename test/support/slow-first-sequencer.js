const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

/**
 * Seconds each slow test file took in a fresh-clone CI run (2 workers, no other load; 23eb014, 7
 * December; the OIDC file since halved). A fresh clone has no timing cache, and jest then starts the
 * largest files first, which once put a 100 s file last: one worker ran it alone while the other sat
 * idle. Slowest first lets the two workers end together. Files not listed (all under 12 s) follow,
 * largest first as jest does.
 */
const MEASURED_SECONDS = {
  'test/fault/api-crash.e2e-spec.ts': 157,
  'test/e2e/startup.e2e-spec.ts': 90,
  'test/browser/dashboard.e2e-spec.ts': 70,
  'test/browser/case-journey.e2e-spec.ts': 70,
  'test/e2e/backup-restore.e2e-spec.ts': 54,
  'test/e2e/cli-scripts.e2e-spec.ts': 41,
  'test/browser/appraisal.e2e-spec.ts': 41,
  'test/browser/admin.e2e-spec.ts': 37,
  'test/browser/query-reset.e2e-spec.ts': 33,
  'projections/runner/rebuild.spec.ts': 31,
  'test/browser/audit.e2e-spec.ts': 30,
  'tools/demo/src/demo.spec.ts': 29,
  'test/browser/ledger.e2e-spec.ts': 26,
  'test/browser/oidc-sign-in.e2e-spec.ts': 24,
  'test/browser/console.e2e-spec.ts': 21,
  'projections/appraisal/appraisal.projection.spec.ts': 16,
  'test/browser/overdue.e2e-spec.ts': 15,
  'projections/audit/audit-verification.spec.ts': 15,
  'test/fault/projector.e2e-spec.ts': 15,
  'test/e2e/audit-cli.e2e-spec.ts': 14,
  'test/e2e/health.e2e-spec.ts': 12,
  'apps/projector/src/deadlines/deadline-scheduler.spec.ts': 12,
  'test/fuzz/api-fuzz.e2e-spec.ts': 12,
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
