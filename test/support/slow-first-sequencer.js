const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

/**
 * Seconds each slow test file took in a clean CI run (2 workers, no other load; issue 10). A fresh
 * clone has no timing cache, and jest then starts the largest files first, which put a 100 s file
 * last: one worker ran it alone while the other sat idle. Slowest first lets the two workers end
 * together. Files not listed (all under 15 s) follow, largest first as jest does.
 */
const MEASURED_SECONDS = {
  'test/e2e/startup.e2e-spec.ts': 105,
  'test/fault/api-crash.e2e-spec.ts': 90,
  'tools/demo/src/demo.spec.ts': 63,
  'test/fault/projector.e2e-spec.ts': 53,
  'test/e2e/backup-restore.e2e-spec.ts': 31,
  'test/fault/demo-rebuild.e2e-spec.ts': 30,
  'test/fault/database-outage.e2e-spec.ts': 20,
  'test/e2e/audit-cli.e2e-spec.ts': 15,
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
