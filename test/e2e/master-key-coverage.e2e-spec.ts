import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createLogger } from '@app/platform';
import { MasterKeyCoverage } from '../../apps/api/src/complainants/master-key-coverage';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { TEST_UNITS_SEED } from '../support/test-units';
import { waitUntil } from '../support/wait';

/**
 * An API started with master keys that do not unwrap the identities already stored (the key file
 * lost, or COMPLAINANT_MASTER_KEY_FILE naming another) says so at start, naming the keys missing:
 * otherwise nobody learns it until intake fails to read a complainant for a return visit.
 */
/** A filing with a named complainant, whose identity is sealed under the API's current master key. */
const namedComplaint = (name: string) => ({
  channel: 'visit',
  category: 'complaint_runaround',
  urgency: 'normal',
  title: '投诉多次无人处理',
  description: '已三次反映，无回音',
  complainedUnitId: 'dept-housing',
  receivedAt: '2026-11-16T08:30:00+08:00',
  complainant: { anonymous: false, name, phone: '13912345678' },
});

describe('the master keys checked against the stored identities at start', () => {
  const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
  const first = key('mk-first');
  const other = key('mk-other');
  const apis: TestApi[] = [];
  const start = async (keys: string, lines: string[] = []) => {
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    const api = await startTestApi({
      now: '2026-11-16T09:00:00+08:00',
      env: { UNITS_SEED_FILE: TEST_UNITS_SEED, COMPLAINANT_MASTER_KEYS: keys },
      logger: createLogger('info', sink),
      on: apis[0]?.db,
    });
    apis.push(api);
    return api;
  };
  afterAll(async () => {
    for (const api of apis.reverse()) await api.close();
  });

  it('names the keys missing and how many identities they hold; says nothing once they are configured', async () => {
    const api = await start(first);
    for (const name of ['欧阳晓明', '司马青岚']) {
      await api.http.post('/api/v1/cases').set(as.intake).send(namedComplaint(name)).expect(201);
    }

    const lines: string[] = [];
    await start(other, lines);
    const said = await waitUntil(() => lines.map((l) => JSON.parse(l) as { level: number; msg: string }).find((l) => l.level === 50), {
      timeoutMs: 15_000,
      failure: 'the API never said the stored identities are out of its keys’ reach',
    });
    expect(said.msg).toBe(
      '2 stored identities cannot be read: their data keys are wrapped by master keys this process does not have ' +
        '(mk-first: 2; it has mk-other). Configure those keys (COMPLAINANT_MASTER_KEYS, or COMPLAINANT_MASTER_KEY_FILE naming the file ' +
        'that holds them); `npm run complainant-keys -- status` lists them',
    );

    const both = await start(`${other},${first}`);
    expect(await both.app.get(MasterKeyCoverage).uncovered()).toBeNull();
  });

  it('a read of an identity out of its keys’ reach is 503 COMPLAINANT_KEY_UNAVAILABLE, logged once at error with the key; never a 500', async () => {
    const sealing = await startTestApi({
      now: '2026-11-16T09:00:00+08:00',
      env: { UNITS_SEED_FILE: TEST_UNITS_SEED, COMPLAINANT_MASTER_KEYS: first },
    });
    apis.push(sealing);
    const filed = await sealing.http.post('/api/v1/cases').set(as.intake).send(namedComplaint('欧阳晓明')).expect(201);
    const raised = await sealing.http
      .post('/api/v1/findings')
      .set(as.intake)
      .send({
        source: { kind: 'inspection' },
        unitId: 'dept-housing',
        category: 'cumbersome_approval',
        description: '明查暗访发现窗口无人值守',
        raisedBy: { kind: 'citizen', name: '司马青岚', phone: '13912345679' },
      })
      .expect(201);

    const lines: string[] = [];
    const api = await startTestApi({
      now: '2026-11-16T09:00:00+08:00',
      env: { UNITS_SEED_FILE: TEST_UNITS_SEED, COMPLAINANT_MASTER_KEYS: other },
      logger: createLogger('info', new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) })),
      on: sealing.db,
    });
    apis.push(api);
    for (const path of [
      `/api/v1/cases/${filed.body.id}/complainant?purpose=return_visit`,
      `/api/v1/findings/${raised.body.id}/raiser?purpose=verification`,
    ]) {
      lines.length = 0;
      const response = await api.http.get(path).set(as.intake);
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 503, code: 'COMPLAINANT_KEY_UNAVAILABLE' });
      expect(response.body.detail).toMatch(/cannot be read until the master key .* is configured/);
      expect(JSON.stringify(response.body)).not.toContain('mk-first');
      // The operator learns which key: one error naming it (beside the access log's line for the 503;
      // the start's coverage warning names the key too, but not as this read's failure).
      const naming = lines.filter((l) => /wrapped by master key \\"mk-first\\"/.test(l));
      expect(naming.map((l) => (JSON.parse(l) as { level: number }).level)).toEqual([50]);
    }
  });
});
