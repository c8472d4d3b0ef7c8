import { execFile } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Pool } from 'pg';
import { caseStreamId } from '@app/domain';
import { closedCase, complaintFiled } from '@app/domain/case/case.fixtures';
import { canonicalJson, CheckpointLedger, keyIdOf, loadSigningKey, PostgresEventStore, signCheckpoints } from '@app/event-store';
import { PROJECTIONS, rebuildProjection } from '@app/projections';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { appendCases } from '../support/case-events';
import { appendVisible, waitUntilVisible } from '../support/event-log';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { TEST_UNITS_SEED } from '../support/test-units';

const DIST = path.join(__dirname, '..', '..', 'dist/apps/server/src/cli');
const run = promisify(execFile);
const failed = (promise: Promise<unknown>) =>
  promise.then(
    () => ({ code: 0, stdout: '', stderr: '' }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

/**
 * `npm run backup` and `npm run restore` (issue 10 item 12), as the built commands run them: a
 * database with a demo-like history (cases filed over HTTP with named complainants, the decider
 * specs' whole standard story, a batch of closed cases, the units seed, signed checkpoints) is
 * backed up to a file and restored into a new, empty database; the restored log passes
 * `npm run audit -- verify`, and every read model rebuilt from it equals the source's, row for row.
 */
describe('npm run backup / npm run restore', () => {
  let api: TestApi;
  let target: TestDatabase;
  let dir: string;
  let file: string;
  const env = (url: string): NodeJS.ProcessEnv => ({ ...process.env, DATABASE_URL: url, LOG_LEVEL: 'error' });
  const backup = (url: string, to: string) => run('node', [path.join(DIST, 'backup.js'), to], { env: env(url) });
  const restore = (url: string, from: string, ...args: string[]) =>
    run('node', [path.join(DIST, 'restore.js'), from, ...args], { env: env(url) });
  /** The key id of the tests' checkpoint signing key, which the backups are signed and the restores verify with. */
  const ourKeyId = () => keyIdOf(createPublicKey(createPrivateKey(fs.readFileSync(process.env.AUDIT_SIGNING_KEY_FILE!))));

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-e2e-'));
    file = path.join(dir, 'cases.backup.ndjson');
    api = await startTestApi({ now: '2026-11-16T09:00:00+08:00', env: { UNITS_SEED_FILE: TEST_UNITS_SEED } });
    for (const [i, anonymous] of [false, false, true].entries()) {
      await api.http
        .post('/api/v1/cases')
        .set(as.intake)
        .send({
          channel: 'hotline',
          category: 'cumbersome_approval',
          urgency: 'normal',
          title: `设备进口许可反复补材料 #${i}`,
          description: '企业三次提交材料均被要求补充。',
          complainedUnitId: 'dept-market',
          receivedAt: '2026-11-16T08:30:00+08:00',
          complainant: anonymous ? { anonymous } : { anonymous, name: `司马青岚${i}`, phone: `1369876543${i}` },
        })
        .expect(201);
    }
    const store = new PostgresEventStore(api.db.pool, api.db.url, { pollIntervalMs: 60_000 });
    const caseId = '0b9d7c52-3f0e-4a57-9d0e-6a1b1f0c2d11';
    const story = [complaintFiled({ caseId }), ...closedCase.slice(1)];
    await appendCases(store, 40);
    await appendVisible(store, caseStreamId(caseId), story);
    const key = loadSigningKey({ signingKeyFile: process.env.AUDIT_SIGNING_KEY_FILE!, generateIfMissing: false });
    await signCheckpoints(store, new CheckpointLedger(api.db.pool), key, { maxHeads: 20 });
    await store.close();
    target = await createTestDatabase({ empty: true });
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await target?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('restores the log into an empty database: it verifies, and every read model rebuilt from it equals the source’s', async () => {
    const written = await backup(api.db.url, file);
    const counts = await tableCounts(api.db.pool);
    expect(written.stdout).toContain(`Backed up ${counts.events} events, ${counts.audit_checkpoints} audit_checkpoints`);
    expect(counts).toMatchObject({ complainant_identities: 2, complainant_data_keys: 2, case_query_codes: 3 });
    expect(counts.audit_checkpoints).toBeGreaterThan(1);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600); // readable by its owner only
    // Signed with the checkpoint signing key, named by its key id.
    expect(written.stdout).toContain(`Signed with checkpoint key ${ourKeyId()}: restore checks the file with its public key.`);
    const trailer = JSON.parse(fs.readFileSync(file, 'utf8').trimEnd().split('\n').pop()!) as { signature: object };
    expect(trailer.signature).toEqual({ algorithm: 'Ed25519', keyId: ourKeyId(), value: expect.stringMatching(/^[\w-]{86}$/) });

    const restored = await restore(target.url, file);
    expect(restored.stdout).toContain(`Restored ${counts.events} events`);
    // Restored where the keys that signed its checkpoints and wrap its data keys are: nothing to warn of.
    expect(restored.stdout.trimEnd().split('\n')).toEqual([expect.stringMatching(/^Restored /), expect.stringMatching(/^Next: /)]);
    expect(await tableCounts(target.pool)).toEqual(counts);
    // The log, byte for byte: positions, transaction ids, instants and hashes as they were.
    const log = 'SELECT e.*, e.recorded_at::text AS instant FROM events e ORDER BY global_position';
    expect((await target.pool.query(log)).rows).toEqual((await api.db.pool.query(log)).rows);
    const sealed = 'SELECT * FROM complainant_identities ORDER BY ref';
    expect((await target.pool.query(sealed)).rows).toEqual((await api.db.pool.query(sealed)).rows);

    const { stdout } = await run('node', [path.join(DIST, 'audit.js'), 'verify'], { env: env(target.url) });
    expect(stdout).toContain('The log holds: every hash chain and every checkpoint checks out.');

    for (const db of [api.db, target]) {
      const store = new PostgresEventStore(db.pool, db.url, { pollIntervalMs: 60_000 });
      for (const projection of PROJECTIONS) await rebuildProjection(db.pool, store, projection);
      await store.close();
    }
    // `audit verify` recorded its result in the restored log only: leave it out of the comparison.
    const source = await readModels(api.db.pool);
    const copy = await readModels(target.pool, { withoutVerifications: true });
    expect(source.case_list).toHaveLength(3 + 40 + 1); // every case, in the read model units and intake list from
    expect(copy).toEqual(source);
  }, 120_000);

  it('a relative file name is the folder npm was run in’s (INIT_CWD), for backup and restore; the next step names the database', async () => {
    // As `cd <dir> && npm run backup -- <name>` runs it: in the project's folder, INIT_CWD the folder typed in.
    const root = path.join(__dirname, '..', '..');
    const name = `relative-${process.pid}.ndjson`;
    const fromDir = (url: string, script: string) =>
      run('node', [path.join(DIST, script), name], { env: { ...env(url), INIT_CWD: dir }, cwd: root });
    try {
      const written = await fromDir(api.db.url, 'backup.js');
      expect(written.stdout).toMatch(new RegExp(`^Backed up .* to ${path.join(dir, name)}\\.\n`));
      expect(fs.existsSync(path.join(dir, name))).toBe(true);
      expect(fs.existsSync(path.join(root, name))).toBe(false);

      const empty = await createTestDatabase({ empty: true });
      try {
        const restored = await fromDir(empty.url, 'restore.js');
        expect(restored.stdout).toMatch(new RegExp(`^Restored .* from ${path.join(dir, name)} \\(taken `));
        // The database it was restored into: named without printing its URL, which may hold a password.
        expect(restored.stdout.trimEnd().split('\n').pop()).toBe(
          'Next: `npm run audit -- verify` with the same DATABASE_URL; the read models are rebuilt from the log at the next start (with it too).',
        );
        expect(restored.stdout).not.toContain(empty.url);
      } finally {
        await empty.drop();
      }
    } finally {
      fs.rmSync(path.join(root, name), { force: true });
    }
  }, 120_000);

  it('restored where another key signs: says to sign with the key that signed them; a server that signs refuses a verify key not its own', async () => {
    // This installation signs with a key of its own.
    const ownKey = path.join(dir, 'own-signing-key.pem');
    fs.writeFileSync(ownKey, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const ownId = keyIdOf(createPublicKey(createPrivateKey(fs.readFileSync(ownKey))));
    const header = JSON.parse(fs.readFileSync(file, 'utf8').split('\n')[0]) as { checkpointKey: { keyId: string; pem: string } };
    const signedId = header.checkpointKey.keyId;
    const empty = await createTestDatabase({ empty: true });
    try {
      // Signed with the source's key, the backup is refused here unless that key's public key is given.
      const refused = await failed(
        run('node', [path.join(DIST, 'restore.js'), file], { env: { ...env(empty.url), AUDIT_SIGNING_KEY_FILE: ownKey } }),
      );
      expect(refused.code).toBe(65);
      expect(refused.stderr).toContain(`is signed with checkpoint key ${signedId}, not with key ${ownId}`);
      const sourcePublic = path.join(dir, 'source-public-key.pem');
      fs.writeFileSync(
        sourcePublic,
        createPublicKey(createPrivateKey(fs.readFileSync(process.env.AUDIT_SIGNING_KEY_FILE!))).export({ type: 'spki', format: 'pem' }),
      );
      const restored = await run('node', [path.join(DIST, 'restore.js'), file, '--verify-key', sourcePublic], {
        env: { ...env(empty.url), AUDIT_SIGNING_KEY_FILE: ownKey },
      });
      const said = restored.stdout.trimEnd().split('\n');
      expect(said).toEqual([
        expect.stringMatching(/^Restored /),
        `The checkpoints were signed with key ${signedId}; this installation signs with key ${ownId} (AUDIT_SIGNING_KEY_FILE ${ownKey}). ` +
          'To keep the log verifiable, set AUDIT_SIGNING_KEY_FILE to a copy of the private key that signed them ' +
          `(the source installation's AUDIT_SIGNING_KEY_FILE, key ${signedId}); until then verification fails. ` +
          `AUDIT_VERIFY_KEY_FILE naming its public key (the PEM in the file's header: head -1 ${file} | node -e ` +
          `"process.stdout.write(JSON.parse(require('fs').readFileSync(0)).checkpointKey.pem)" > checkpoint-key.pem) only lets one verify, ` +
          'read-only: a server that signs checkpoints refuses to start with it.',
        expect.stringMatching(/^Next: /),
      ]);

      // The verify key alone (the advice before): a server that signs checkpoints refuses to start
      // rather than sign ones nobody can verify, naming both variables and both keys.
      const pem = path.join(dir, 'checkpoint-key.pem');
      fs.writeFileSync(pem, header.checkpointKey.pem);
      const signer = await failed(
        run('node', [path.join(__dirname, '..', '..', 'dist/apps/server/src/main.js')], {
          env: { ...env(empty.url), AUDIT_SIGNING_KEY_FILE: ownKey, AUDIT_VERIFY_KEY_FILE: pem, APP_ROLE: 'projector' },
          timeout: 30_000,
        }),
      );
      expect(signer).toMatchObject({
        code: 78,
        stdout: '',
        stderr:
          `Configuration error: AUDIT_VERIFY_KEY_FILE: ${pem} is checkpoint key ${signedId}, but AUDIT_SIGNING_KEY_FILE (${ownKey}) ` +
          `is key ${ownId}: this process signs checkpoints (APP_ROLE=projector) that would fail verification. Sign with the private ` +
          `key of ${signedId} (AUDIT_SIGNING_KEY_FILE; after a restore, a copy of the source's key file), or run this process ` +
          'without signing (APP_ROLE=api, or AUDIT_CHECKPOINT_INTERVAL_SECONDS=0)\n',
      });
    } finally {
      await empty.drop();
    }
  }, 120_000);

  it('restored where a master key of its data keys is not configured (dropped by --forget-retired): says which, and how many', async () => {
    const keyFile = path.join(dir, 'other-master-keys.json');
    fs.writeFileSync(keyFile, JSON.stringify({ keys: [{ id: 'k-elsewhere', key: randomBytes(32).toString('base64') }] }), { mode: 0o600 });
    const wrapping = (
      await api.db.pool.query<{ id: string; n: number }>(
        'SELECT master_key_id AS id, count(*)::int AS n FROM complainant_data_keys GROUP BY 1',
      )
    ).rows;
    expect(wrapping).toHaveLength(1);
    const missing = `${wrapping[0].n} restored data keys are wrapped by master keys not configured here: ${wrapping[0].id} (${wrapping[0].n})`;
    const empty = await createTestDatabase({ empty: true });
    try {
      const restored = await run('node', [path.join(DIST, 'restore.js'), file], {
        env: { ...env(empty.url), COMPLAINANT_MASTER_KEY_FILE: keyFile },
      });
      expect(restored.stdout.trimEnd().split('\n')).toEqual([
        expect.stringMatching(/^Restored /),
        `${missing}; the key file ${keyFile} (COMPLAINANT_MASTER_KEY_FILE) has k-elsewhere. The identities they protect cannot be read ` +
          'until those keys are configured: in COMPLAINANT_MASTER_KEYS, or with COMPLAINANT_MASTER_KEY_FILE naming a key file that ' +
          "holds them (the source's, or a copy kept from before `rotate --forget-retired`); `npm run complainant-keys -- status` lists them.",
        expect.stringMatching(/^Next: /),
      ]);
    } finally {
      await empty.drop();
    }
    // No key file at all: said so, and none is made.
    const none = path.join(dir, 'no-keys', 'complainant-master-keys.json');
    const bare = await createTestDatabase({ empty: true });
    try {
      const restored = await run('node', [path.join(DIST, 'restore.js'), file], {
        env: { ...env(bare.url), COMPLAINANT_MASTER_KEY_FILE: none },
      });
      expect(restored.stdout).toContain(`${missing}; there is no key file at ${none} (COMPLAINANT_MASTER_KEY_FILE).`);
      expect(fs.existsSync(path.dirname(none))).toBe(false);
    } finally {
      await bare.drop();
    }
  }, 120_000);

  it('refuses to write into a folder (64) or a folder that is not there (1), saying so, and writes nothing', async () => {
    await expect(backup(api.db.url, dir)).rejects.toMatchObject({
      code: 64,
      stderr: `${dir} is a folder: name the file to write, e.g. ${dir}/cases.ndjson\nusage: npm run backup -- <file>\n`,
    });
    const missing = path.join(dir, 'not-there', 'cases.ndjson');
    await expect(backup(api.db.url, missing)).rejects.toMatchObject({
      code: 1,
      stderr: `Backup failed: cannot write ${missing}.partial: ENOENT: no such file or directory, open '${missing}.partial'\n`,
    });
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('refuses a database that is not empty, a file cut short or changed, and one of a later schema, saying why', async () => {
    const intoFull = await failed(restore(target.url, file));
    expect(intoFull.code).toBe(1);
    expect(intoFull.stderr).toContain('Refusing to restore into a database that is not empty');

    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const cut = path.join(dir, 'cut.ndjson');
    fs.writeFileSync(cut, lines.slice(0, -5).join('\n') + '\n');
    const empty = await createTestDatabase({ empty: true });
    // The file is checked before the database is touched: not even migrated.
    const untouched = async () => (await empty.pool.query("SELECT to_regclass('events') AS t")).rows[0].t === null;
    try {
      const truncated = await failed(restore(empty.url, cut));
      expect(truncated.code).toBe(1);
      expect(truncated.stderr).toContain('ends without its trailer line: it was cut short. Nothing was restored.');
      expect(await untouched()).toBe(true);

      // One word of one event changed, the file otherwise whole: the digest no longer matches.
      const changed = path.join(dir, 'changed.ndjson');
      const at = lines.findIndex((line) => line.includes('设备进口许可反复补材料 #1'));
      expect(at).toBeGreaterThan(0);
      fs.writeFileSync(changed, lines.map((line, i) => (i === at ? line.replace('#1', '#9') : line)).join('\n') + '\n');
      const altered = await failed(restore(empty.url, changed));
      expect(altered.code).toBe(1);
      expect(altered.stderr).toContain('does not match its digest: it was changed or damaged. Nothing was restored.');
      expect(await untouched()).toBe(true);

      // A file from a later version's schema: refused rather than dropping the columns it does not know.
      const later = path.join(dir, 'later.ndjson');
      fs.writeFileSync(
        later,
        consistentFile(lines, (rows) => rows, { lastMigration: '9999999999999_a-later-version' }),
      );
      const newer = await failed(restore(empty.url, later));
      expect(newer.code).toBe(1);
      expect(newer.stderr).toContain('migrated up to 9999999999999_a-later-version, which this version does not know');
    } finally {
      await empty.drop();
    }
  }, 120_000);

  it('refuses a damaged file before it starts, makes or changes any database, saying what is wrong in the file’s terms', async () => {
    // No DATABASE_URL: a restore that got as far as the database would make this data directory.
    const pgDir = path.join(dir, 'never-made-pg');
    const noDatabase: NodeJS.ProcessEnv = { ...process.env, EMBEDDED_PG_DIR: pgDir, EMBEDDED_PG_PORT: '1', LOG_LEVEL: 'error' };
    delete noDatabase.DATABASE_URL;
    delete noDatabase.DATABASE_MIGRATION_URL;
    const content = fs.readFileSync(file, 'utf8');
    const lines = content.trimEnd().split('\n');
    const last = lines.length;
    const events = (JSON.parse(lines[0]) as { counts: Record<string, number> }).counts.events;
    const trailer = JSON.parse(lines[last - 1]) as { counts: Record<string, number> };
    const withTrailer = (changed: object) => [...lines.slice(0, -1), JSON.stringify(changed)].join('\n') + '\n';
    const cases: Array<[string, string, (f: string) => string | RegExp]> = [
      ['cut-in-trailer', content.slice(0, -20), (f) => `${f} ends inside its trailer (line ${last}): it was cut short`],
      [
        'no-counts',
        withTrailer({ ...trailer, counts: undefined }),
        (f) => `${f}'s trailer (line ${last}) has no "counts": it was changed or damaged`,
      ],
      [
        'trailer-says-1',
        withTrailer({ ...trailer, counts: { ...trailer.counts, events: 1 } }),
        (f) => `${f}'s trailer (line ${last}) says 1 rows of events but its header and its rows ${events}: it was changed or damaged`,
      ],
      [
        'row-repeated',
        consistentFile(lines, (rows) => [rows[0], ...rows]),
        (f) => new RegExp(`^${f} line 3 repeats the events row of line 2 \\(global_position "\\d+"\\)$`),
      ],
    ];
    for (const [name, text, said] of cases) {
      const damaged = path.join(dir, `${name}.ndjson`);
      fs.writeFileSync(damaged, text);
      const ran = await failed(run('node', [path.join(DIST, 'restore.js'), damaged], { env: noDatabase }));
      expect({ name, code: ran.code, stdout: ran.stdout }).toEqual({ name, code: 1, stdout: '' });
      const [line, ...more] = ran.stderr.trimEnd().split('\n');
      expect({ name, more }).toEqual({ name, more: [] });
      expect(line.replace(/\. Nothing was restored\.$/, '')).toMatch(said(damaged));
      expect(line).toMatch(/\. Nothing was restored\.$/);
      expect(fs.existsSync(pgDir)).toBe(false);
    }
  }, 120_000);

  it('refuses a file altered on purpose, its digest recomputed (an event changed, checkpoints dropped), re-signed with another key or unsigned: exit 65, nothing restored', async () => {
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const at = lines.findIndex((line) => line.includes('设备进口许可反复补材料 #1'));
    expect(at).toBeGreaterThan(0);
    // What someone who can write the file but has no key can do: change rows, make the counts,
    // digest and trailer agree again, and keep the signature, sign with a key of their own, or drop it.
    const renamed = (rows: string[]) => rows.map((line, i) => (i === at - 1 ? line.replace('#1', '#9') : line));
    const noCheckpoints = (rows: string[]) => rows.filter((line) => !line.startsWith('{"table":"audit_checkpoints"'));
    const theirs = path.join(dir, 'their-signing-key.pem');
    fs.writeFileSync(theirs, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const theirId = keyIdOf(createPublicKey(createPrivateKey(fs.readFileSync(theirs))));
    const ours = ourKeyId();
    const notVerifying = `'s signature does not verify with key ${ours}: it was altered after it was signed`;
    const cases: Array<[string, string, string]> = [
      ['event-changed', consistentFile(lines, renamed, {}, null), notVerifying],
      ['checkpoints-dropped', consistentFile(lines, noCheckpoints, {}, null), notVerifying],
      ['key-swapped', consistentFile(lines, renamed, { checkpointKey: null }, null), notVerifying],
      [
        'signed-by-them',
        consistentFile(lines, renamed, {}, theirs),
        ` is signed with checkpoint key ${theirId}, not with key ${ours} (this installation's signing key, AUDIT_SIGNING_KEY_FILE ` +
          `${process.env.AUDIT_SIGNING_KEY_FILE}): if ${theirId} is a key you trust (the source installation's, or one replaced since), ` +
          'set AUDIT_SIGNING_KEY_FILE to a copy of its private key, or give its public key with --verify-key <file>, from your own copy: ' +
          "the key in the file's header proves nothing, whoever altered the file could have put theirs there",
      ],
      [
        'unsigned',
        consistentFile(lines, renamed, {}, false),
        ' carries no valid signature in its trailer: it was changed, or not written by npm run backup',
      ],
    ];
    const empty = await createTestDatabase({ empty: true });
    // Refused on the first reading, before the database is touched: not even migrated.
    const untouched = async () => (await empty.pool.query("SELECT to_regclass('events') AS t")).rows[0].t === null;
    try {
      for (const [name, text, said] of cases) {
        const altered = path.join(dir, `${name}.ndjson`);
        fs.writeFileSync(altered, text);
        const ran = await failed(restore(empty.url, altered));
        expect({ name, code: ran.code, stdout: ran.stdout, stderr: ran.stderr }).toEqual({
          name,
          code: 65,
          stdout: '',
          stderr: `${altered}${said}. Nothing was restored.\n`,
        });
        expect(await untouched()).toBe(true);
      }
      // --accept-unsigned admits a file of before signing only, never one whose signature was dropped or fails.
      for (const name of ['unsigned', 'event-changed']) {
        const ran = await failed(restore(empty.url, path.join(dir, `${name}.ndjson`), '--accept-unsigned'));
        expect({ name, code: ran.code }).toEqual({ name, code: 65 });
        expect(await untouched()).toBe(true);
      }
    } finally {
      await empty.drop();
    }
  }, 120_000);

  it('a backup signed with another checkpoint key (replaced since) is refused, and restored with --verify-key naming its public key', async () => {
    const replaced = path.join(dir, 'replaced-signing-key.pem');
    const pair = generateKeyPairSync('ed25519');
    fs.writeFileSync(replaced, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const replacedId = keyIdOf(pair.publicKey);
    const older = path.join(dir, 'signed-by-replaced.ndjson');
    const written = await run('node', [path.join(DIST, 'backup.js'), older], {
      env: { ...env(api.db.url), AUDIT_SIGNING_KEY_FILE: replaced },
    });
    expect(written.stdout).toContain(`Signed with checkpoint key ${replacedId}`);
    const empty = await createTestDatabase({ empty: true });
    try {
      const refused = await failed(restore(empty.url, older));
      expect(refused.code).toBe(65);
      expect(refused.stderr).toContain(`${older} is signed with checkpoint key ${replacedId}, not with key ${ourKeyId()}`);
      expect(await tableCounts(empty.pool).catch(() => null)).toBeNull(); // not even migrated

      // A public key that is not the signer's verifies nothing either.
      const stranger = path.join(dir, 'stranger.pem');
      fs.writeFileSync(stranger, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
      expect((await failed(restore(empty.url, older, '--verify-key', stranger))).code).toBe(65);

      const publicPem = path.join(dir, 'replaced-public-key.pem');
      fs.writeFileSync(publicPem, pair.publicKey.export({ type: 'spki', format: 'pem' }));
      const restored = await restore(empty.url, older, '--verify-key', publicPem);
      expect(restored.stdout).toMatch(/^Restored /);
      expect(headerCounts(older)).toMatchObject(await tableCounts(empty.pool));
    } finally {
      await empty.drop();
    }
  }, 120_000);

  it('an unsigned backup of format version 1 (before backups were signed) is refused, and restored with --accept-unsigned and a warning', async () => {
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const legacy = path.join(dir, 'version-1.ndjson');
    fs.writeFileSync(
      legacy,
      consistentFile(lines, (rows) => rows, { version: 1 }, false),
    );
    const empty = await createTestDatabase({ empty: true });
    try {
      const refused = await failed(restore(empty.url, legacy));
      expect(refused).toMatchObject({
        code: 65,
        stdout: '',
        stderr:
          `${legacy} is an unsigned backup (format version 1, written before backups were signed): nothing shows it was not altered since. ` +
          'If it is a file you kept safe from alteration, restore it with --accept-unsigned. Nothing was restored.\n',
      });
      expect(await tableCounts(empty.pool).catch(() => null)).toBeNull(); // not even migrated

      const restored = await restore(empty.url, legacy, '--accept-unsigned');
      expect(restored.stderr).toContain(
        `Warning: ${legacy} is an unsigned backup (format version 1): restoring it as --accept-unsigned asks, ` +
          'with nothing to show it was not altered since it was written.\n',
      );
      expect(restored.stdout).toMatch(/^Restored /);
      expect(headerCounts(legacy)).toMatchObject(await tableCounts(empty.pool));
    } finally {
      await empty.drop();
    }
  }, 120_000);

  it('names the line of a row PostgreSQL refuses (a bad instant, a key loaded before), and restores nothing', async () => {
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const badInstant = (rows: string[]) =>
      rows.map((line, i) => {
        if (i !== 5) return line;
        const parsed = JSON.parse(line) as { row: { recorded_at: string } };
        parsed.row.recorded_at = '2026-13-45T99:00:00Z';
        return JSON.stringify(parsed);
      });
    const keyTwice = (rows: string[]) => {
      const identities = rows.flatMap((line, i) => (line.startsWith('{"table":"complainant_identities"') ? [i] : []));
      const after = identities[identities.length - 1] + 1;
      return [...rows.slice(0, after), rows[identities[0]], ...rows.slice(after)];
    };
    const repeatedAt = keyTwice(lines.slice(1, -1)).findIndex((line, i, all) => i > 0 && all.indexOf(line) < i) + 2;
    const cases: Array<[string, string, RegExp]> = [
      [
        'bad-instant',
        consistentFile(lines, badInstant),
        /line 7 holds a row of events that PostgreSQL refuses: date\/time field value out of range: "2026-13-45T99:00:00Z"\. Nothing was restored\.$/,
      ],
      [
        'key-twice',
        consistentFile(lines, keyTwice),
        new RegExp(
          `line ${repeatedAt} repeats a row of complainant_identities loaded before it: duplicate key value violates unique constraint "complainant_identities_pkey" \\(Key \\(ref\\)=\\([0-9a-f-]+\\) already exists\\)\\. Nothing was restored\\.$`,
        ),
      ],
    ];
    const empty = await createTestDatabase({ empty: true });
    try {
      for (const [name, text, said] of cases) {
        const damaged = path.join(dir, `${name}.ndjson`);
        fs.writeFileSync(damaged, text);
        const ran = await failed(restore(empty.url, damaged));
        expect({ name, code: ran.code }).toEqual({ name, code: 1 });
        expect(ran.stderr.trimEnd().split('\n').pop()).toMatch(said);
        expect(ran.stderr).not.toMatch(/^\s+at /m);
        expect(await tableCounts(empty.pool)).toMatchObject({ events: 0, complainant_identities: 0 });
      }
    } finally {
      await empty.drop();
    }
  }, 120_000);

  it('moves a server whose transaction counter is behind the file’s past it, so the restored log is seen and new events follow it', async () => {
    // A file from a server that had run 20 000 more transactions than this one: its events carry
    // transaction ids this server has not reached (positions and hashes are untouched).
    const AHEAD = 20_000n;
    const [, ...body] = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const header = JSON.parse(fs.readFileSync(file, 'utf8').split('\n')[0]) as { maxTransactionId: string };
    const rows = body.slice(0, -1).map((line) => {
      const parsed = JSON.parse(line) as { table: string; row: { transaction_id?: string } };
      if (parsed.table === 'events') parsed.row.transaction_id = (BigInt(parsed.row.transaction_id!) + AHEAD).toString();
      return JSON.stringify(parsed);
    });
    const lines = [JSON.stringify({ ...header, maxTransactionId: (BigInt(header.maxTransactionId) + AHEAD).toString() }), ...rows];
    const digest = createHash('sha256');
    for (const line of lines) digest.update(`${line}\n`);
    const sha256 = digest.digest('hex');
    const trailer = { ...(JSON.parse(body[body.length - 1]) as object), sha256, signature: signatureOf(sha256) };
    const ahead = path.join(dir, 'ahead.ndjson');
    fs.writeFileSync(ahead, [...lines, JSON.stringify(trailer)].join('\n') + '\n');

    const empty = await createTestDatabase({ empty: true });
    try {
      const { stderr } = await restore(empty.url, ahead);
      expect(stderr).toMatch(/Moving the transaction counter forward by \d+ past the file's highest transaction id/);
      const store = new PostgresEventStore(empty.pool, empty.url, { pollIntervalMs: 60_000 });
      try {
        // Readers see the log below the cluster's visibility horizon, which another test file's open
        // transaction (older than the restored transaction ids) may hold back for a moment.
        const events = rows.filter((line) => line.startsWith('{"table":"events"'));
        const last = JSON.parse(events[events.length - 1]) as { row: { global_position: string } };
        await waitUntilVisible(store, BigInt(last.row.global_position));
        const restored = await store.readAll({ limit: 10_000 });
        expect(restored).toHaveLength(rows.filter((line) => line.startsWith('{"table":"events"')).length);
        const { position } = await appendVisible(store, 'case-after-restore', [{ type: 'Noted', data: {} }]);
        expect(position > restored[restored.length - 1].position).toBe(true);
      } finally {
        await store.close();
      }
    } finally {
      await empty.drop();
    }
  }, 120_000);
});

/**
 * A backup file of `lines`'s rows as `change` makes them (and its header with `headerChange`), with
 * header counts, trailer and digest that agree with them, signed with `signingKeyFile` (by default the
 * tests' checkpoint key, the one the restores verify with: what only the content itself can show) or,
 * `null`, with the original trailer's signature kept (an alteration by someone without the key), or
 * `false`, with none.
 */
function consistentFile(
  lines: string[],
  change: (rows: string[]) => string[],
  headerChange: object = {},
  signingKeyFile: string | null | false = process.env.AUDIT_SIGNING_KEY_FILE!,
): string {
  const header = { ...(JSON.parse(lines[0]) as object), ...headerChange } as { counts: Record<string, number> };
  const rows = change(lines.slice(1, -1));
  for (const table of Object.keys(header.counts))
    header.counts[table] = rows.filter((line) => line.startsWith(`{"table":"${table}"`)).length;
  const body = [JSON.stringify(header), ...rows];
  const digest = createHash('sha256');
  for (const line of body) digest.update(`${line}\n`);
  const sha256 = digest.digest('hex');
  const kept = (JSON.parse(lines[lines.length - 1]) as { signature?: object }).signature;
  const signature = signingKeyFile === false ? undefined : signingKeyFile === null ? kept : signatureOf(sha256, signingKeyFile);
  return [...body, JSON.stringify({ end: true, counts: header.counts, sha256, signature })].join('\n') + '\n';
}

/** A backup trailer's signature of `sha256` with the private key in `keyFile`, as docs/rules.md describes it. */
function signatureOf(sha256: string, keyFile = process.env.AUDIT_SIGNING_KEY_FILE!): object {
  const privateKey = createPrivateKey(fs.readFileSync(keyFile));
  const keyId = keyIdOf(createPublicKey(privateKey));
  const statement = canonicalJson({ format: 'complaint-cases-backup', version: 2, sha256, keyId });
  return { algorithm: 'Ed25519', keyId, value: sign(null, Buffer.from(statement, 'utf8'), privateKey).toString('base64url') };
}

function headerCounts(backupFile: string): Record<string, number> {
  return (JSON.parse(fs.readFileSync(backupFile, 'utf8').split('\n')[0]) as { counts: Record<string, number> }).counts;
}

async function tableCounts(pool: Pool): Promise<Record<string, number>> {
  const tables = ['events', 'audit_checkpoints', 'complainant_identities', 'complainant_data_keys', 'case_query_codes'];
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = (await pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  return counts;
}

/** Every read model table (through the view readers query) as sorted JSON rows. */
async function readModels(pool: Pool, options: { withoutVerifications?: boolean } = {}): Promise<Record<string, string[]>> {
  const models: Record<string, string[]> = {};
  for (const projection of PROJECTIONS) {
    for (const table of projection.tables) {
      const { rows } = await pool.query<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM ${table.name} t ORDER BY 1`);
      models[table.name] = rows.map((r) => r.row).filter((row) => !(options.withoutVerifications && row.includes('AuditLogVerified')));
    }
  }
  return models;
}
