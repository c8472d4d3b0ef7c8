import { ConfigError } from '@app/platform';
import { DemoRefusal } from './beside-projector';
import { DemoRequestError, INTAKE } from './demo-api-client';
import { DemoInterrupted } from './demo-interrupted';
import { DemoHelpRequested, DemoUsageError } from './demo-options';
import { failureReport } from './failure-report';

describe('how the demo ends when it cannot finish', () => {
  it('shows the first failing request with its problem+json body, without personal data, and exits 1', () => {
    const body = {
      title: 'Unprocessable Entity',
      status: 422,
      code: 'UNIT_NOT_ACKNOWLEDGED',
      detail: 'Unit dept-fgj must sign for the case first',
    };
    const sent = {
      channel: 'hotline',
      complainant: {
        anonymous: false,
        name: '测试王先生',
        phone: '13800001234',
        idNumber: '110105199003071239',
        enterprise: '测试商贸有限公司',
      },
    };
    const report = failureReport(
      new DemoRequestError('POST', '/api/v1/cases/c1/report-handling', { actor: 'x', role: 'unit', unitId: 'dept-fgj' }, 422, body, sent),
    );
    expect(report.exitCode).toBe(1);
    expect(report.stderr).toContain('stopped at the first failing request: POST /api/v1/cases/c1/report-handling as unit (dept-fgj) → 422');
    expect(report.stderr).toContain('"code": "UNIT_NOT_ACKNOWLEDGED"');
    expect(report.stderr).toContain('"name": "[redacted]"');
    for (const value of ['13800001234', '110105199003071239', '测试商贸有限公司']) expect(report.stderr).not.toContain(value);
    expect(failureReport(new DemoRequestError('GET', '/api/v1/cases/c1', INTAKE, 500, 'oops')).exitCode).toBe(1);
  });

  it('says it was interrupted and exits as the signal would (130, 143), and exits 1 beside a projector, one line each', () => {
    expect(failureReport(new DemoInterrupted('SIGINT'))).toEqual({
      exitCode: 130,
      stderr: 'demo: interrupted by SIGINT: the cases recorded so far stay in the database (run again, the demo adds a year of new cases)',
    });
    expect(failureReport(new DemoInterrupted('SIGTERM')).exitCode).toBe(143);
    expect(failureReport(new DemoRefusal('a projector works on this database'))).toEqual({
      exitCode: 1,
      stderr: 'demo: a projector works on this database',
    });
  });

  it('exits 64 for bad usage, 78 for a bad environment, 0 for --help', () => {
    expect(failureReport(new DemoUsageError('--cases needs a value'))).toEqual({
      exitCode: 64,
      stderr: expect.stringContaining('demo: --cases needs a value'),
    });
    expect(failureReport(new ConfigError('PORT', 'bad'))).toEqual({ exitCode: 78, stderr: 'Configuration error: PORT: bad' });
    expect(failureReport(new DemoHelpRequested())).toEqual({ exitCode: 0, stdout: expect.stringContaining('Usage: npm run demo') });
    expect(failureReport(new Error('boom')).exitCode).toBe(1);
  });
});
