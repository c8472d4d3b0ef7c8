import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Pool } from 'pg';
import { EmbeddedPostgres, freePort } from '@app/platform';
import { BATCH_LOCK_KEY } from '@app/projections/runner/locks';
import { ComplainantIdentityStore } from '../../apps/api/src/complainants/complainant-identity.store';
import { loadMasterKeyring, readKeyFile } from '../../apps/api/src/complainants/master-keyring';
import { waitUntil } from '../support/wait';

const DIST = path.join(__dirname, '..', '..', 'dist/apps/server/src/cli');

interface Running {
  pid: number;
  ended: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function start(script: string, args: string[], env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, [path.join(DIST, `${script}.js`), ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { pid: child.pid!, ended: new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr }))) };
}

/** Waits until `probe` holds while the script runs; a script that ended first fails the test with what it said. */
async function whileRunning(running: Running, probe: () => Promise<boolean>, failure: string): Promise<void> {
  const endedFirst = running.ended.then((ended) => Promise.reject(new Error(`${failure}: it ended first, ${JSON.stringify(ended)}`)));
  await Promise.race([waitUntil(probe, { timeoutMs: 60_000, failure }), endedFirst]);
}

/** What a script said on stderr, its JSON log left out. */
const said = (stderr: string) => stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{'));

/**
 * Ctrl-C (SIGINT) or SIGTERM during a script on the embedded PostgreSQL, its server shared or its
 * own, and what the script's line says stays (a rotation run again finishes as it said). Each script is caught mid-work, held by a lock the test takes, not by a guessed sleep.
 */
describe('a script interrupted on the embedded database', () => {
  let scratch: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  /** The test's own use of the server, as `npm start` beside the scripts. */
  let server: EmbeddedPostgres | undefined;

  const connect = async () => {
    const client = new Client({ connectionString: server!.url('cases') });
    client.on('error', () => undefined); // the script stopping the server ends this session too
    await client.connect();
    return client;
  };
  /** The script's sessions (waiting for a lock of that type, if one is named); asked outside a transaction, which would see a snapshot kept. */
  const scriptSessions = async (client: Client, waitingOn: string) =>
    (
      await client.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity a LEFT JOIN pg_locks l ON l.pid = a.pid AND NOT l.granted
          WHERE a.usename = 'cases_app' AND ($1 = '' OR l.locktype = $1)`,
        [waitingOn],
      )
    ).rows[0].n as number;

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cases-interrupted-'));
    dataDir = path.join(scratch, 'pg');
    const port = await freePort();
    server = await EmbeddedPostgres.start({ dataDir, port, durable: false });
    const base = { ...process.env };
    for (const name of ['DATABASE_URL', 'DATABASE_MIGRATION_URL', 'EVENT_STORE']) delete base[name];
    env = { ...base, EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(port), LOG_LEVEL: 'warn' };
    // The first script makes the database and migrates it; its verification is the log's first event.
    const first = await start('audit', ['verify'], env).ended;
    expect(first.code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('a rebuild beside npm start: one line, exit 130, nothing swapped in, the server left running; no superuser warning', async () => {
    const holder = await connect();
    const generation = async () =>
      (await holder.query("SELECT generation FROM projection_checkpoints WHERE name = 'case-list'")).rows[0]?.generation ?? null;
    const before = await generation();
    // Held here, the batch lock keeps the rebuild at its swap, its new generation built.
    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [BATCH_LOCK_KEY, 'case-list']);
    const rebuild = start('projections', ['rebuild', 'case-list'], env);
    const watcher = await connect();
    try {
      await whileRunning(rebuild, async () => (await scriptSessions(watcher, 'advisory')) > 0, 'the rebuild never came to its swap');
      process.kill(rebuild.pid, 'SIGINT');
      const ended = await rebuild.ended;
      expect(ended.code).toBe(130);
      expect(said(ended.stderr)).toEqual([
        'Rebuild interrupted (SIGINT): the read models in use are unchanged; the partial generation is dropped by the next rebuild',
      ]);
      // It connected as cases_app, sharing the server: not warned to set DATABASE_URL to it.
      expect(ended.stderr).not.toContain('can change or delete events');
      // Its report on stdout, its log on stderr.
      expect(ended.stdout).toContain('The log holds');
      expect(ended.stdout).not.toContain('"level"');
    } finally {
      await holder.query('COMMIT');
    }
    expect(await generation()).toBe(before);
    await waitUntil(async () => (await scriptSessions(watcher, '')) === 0, { failure: 'the rebuild left sessions behind' });
    await Promise.all([holder.end(), watcher.end()]);
  }, 90_000);

  it('complainant-keys rotate: one line naming the key the data keys go under; run again, it finishes under that key, generating no other', async () => {
    const keyFile = path.join(scratch, 'complainant-master-keys.json');
    const keysEnv = { ...env, COMPLAINANT_MASTER_KEY_FILE: keyFile };
    const first = loadMasterKeyring({ masterKeys: null, keyFile }).current.id;
    const pool = new Pool({ connectionString: server!.url('cases') });
    const identities = new ComplainantIdentityStore(pool, readKeyFile(keyFile));
    for (const i of [1, 2, 3]) {
      await identities.save(identities.seal(randomUUID(), { name: `测试${i}`, phone: `1390000000${i}`, idNumber: null, enterprise: null }));
    }
    await pool.end();
    const holder = await connect();
    // Held here, reads go on but no data key can be rewrapped: the rotation waits at its first batch.
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE complainant_data_keys IN SHARE MODE');
    const rotate = start('complainant-keys', ['rotate'], keysEnv);
    const watcher = await connect();
    let generated: string;
    try {
      await whileRunning(rotate, async () => (await scriptSessions(watcher, 'relation')) > 0, 'the rotation never came to its rewrap');
      process.kill(rotate.pid, 'SIGINT');
      const ended = await rotate.ended;
      generated = readKeyFile(keyFile).current.id;
      expect(generated).not.toBe(first);
      expect(ended.code).toBe(130);
      expect(said(ended.stderr)).toEqual([
        `complainant-keys interrupted (SIGINT): the data keys rewrapped so far stay under master key ${generated}; ` +
          `run rotate again to finish: it rewraps the rest under ${generated}, generating no other key`,
      ]);
    } finally {
      await holder.query('COMMIT');
    }

    // As it said: finished under the key it generated, the key file as the interrupted run left it.
    const again = await start('complainant-keys', ['rotate'], keysEnv).ended;
    expect(again.code).toBe(0);
    expect(again.stdout.split('\n')[0]).toMatch(
      new RegExp(`^finishing the rotation to master key ${generated} begun \\S+: no new key generated$`),
    );
    expect(again.stdout).toContain(`rewrapped 3 data keys under master key ${generated}`);
    expect(readKeyFile(keyFile).ids).toEqual([generated, first]);
    const wrapping = await holder.query('SELECT master_key_id AS id, count(*)::int AS n FROM complainant_data_keys GROUP BY 1');
    expect(wrapping.rows).toEqual([{ id: generated, n: 3 }]);
    await Promise.all([holder.end(), watcher.end()]);
  }, 90_000);

  it('audit verify, the last user of the server: one line, exit 143, the server stopped, nothing recorded', async () => {
    const holder = await connect();
    const verifications = (await holder.query("SELECT count(*)::int AS n FROM events WHERE type = 'AuditLogVerified'")).rows[0].n;
    // Held here, the log cannot be read: the verification waits, mid-work.
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE');
    const audit = start('audit', ['verify'], env);
    const watcher = await connect();
    await whileRunning(audit, async () => (await scriptSessions(watcher, 'relation')) > 0, 'the verification never read the log');
    await server!.stop(); // the test lets go: the script is the server's last user
    server = undefined;
    process.kill(audit.pid, 'SIGTERM');
    const ended = await audit.ended;
    expect(ended.code).toBe(143);
    expect(said(ended.stderr)).toEqual(['Audit verification interrupted (SIGTERM): nothing was recorded in the log']);
    expect(ended.stdout).toBe('');
    expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
    await Promise.all([holder.end(), watcher.end()].map((ending) => ending.catch(() => undefined)));

    const again = await start('audit', ['verify', '--json'], env).ended;
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).recorded.version).toBe(verifications + 1);
  }, 90_000);
});
