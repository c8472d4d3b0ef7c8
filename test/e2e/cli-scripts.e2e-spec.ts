import { execFile, execFileSync, spawn } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { canonicalJson, keyIdOf } from '@app/event-store';
import { freePort } from '@app/platform';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const DIST = path.join(__dirname, '..', '..', 'dist/apps/server/src/cli');

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a built script to its end; never rejects, whatever its status. */
function script(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(DIST, `${name}.js`), ...args], { env, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    );
  });
}

const noStack = (text: string) => expect(text).not.toMatch(/^\s+at /m);

/**
 * The command-line scripts of apps/server/src/cli as `npm run <script>` runs them (built output):
 * how they take their arguments, and how they say what is wrong with a file they are given.
 */
describe('the command-line scripts', () => {
  let scratch: string;
  /** No database is ever started under it: a script that starts PostgreSQL fails these tests. */
  let neverMade: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cases-cli-'));
    neverMade = path.join(scratch, 'never-made', 'pg');
    const base = { ...process.env };
    for (const name of ['DATABASE_URL', 'DATABASE_MIGRATION_URL', 'EVENT_STORE', 'OIDC_ISSUER', 'COMPLAINANT_MASTER_KEYS'])
      delete base[name];
    env = {
      ...base,
      EMBEDDED_PG_DIR: neverMade,
      EMBEDDED_PG_PORT: '1',
      DEV_TOKEN_KEY_FILE: path.join(scratch, 'dev-token-key.json'),
      COMPLAINANT_MASTER_KEY_FILE: path.join(scratch, 'keys', 'complainant-master-keys.json'),
      LOG_LEVEL: 'info',
    };
  });
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  /** Each script, arguments it takes, and mistakes: an unknown subcommand or flag, one argument too many or too few. */
  const SCRIPTS: Array<[string, string[], string[][]]> = [
    ['token', ['--role', 'intake'], [['bogus'], ['--role', 'intake', '--bogus'], ['--role', 'intake', 'extra'], ['--role']]],
    ['migrate', [], [['bogus'], ['--bogus']]],
    ['backup', ['cases.ndjson'], [['--bogus'], ['cases.ndjson', '--bogus'], ['cases.ndjson', 'extra'], []]],
    [
      'restore',
      ['cases.ndjson'],
      [['--bogus'], ['cases.ndjson', '--bogus'], ['cases.ndjson', 'extra'], [], ['cases.ndjson', '--verify-key', '--accept-unsigned']],
    ],
    // `--actor --json`: the actor forgotten, not an actor called "--json" recorded in the log.
    [
      'audit',
      ['verify'],
      [
        ['bogus'],
        ['verify', '--bogus'],
        ['verify', 'extra'],
        [],
        ['verify', '--actor'],
        ['verify', '--actor', '--json'],
        // Recorded in the log for good: only an id the audit history can be asked for.
        ['verify', '--actor', 'bad name'],
      ],
    ],
    [
      'projections',
      ['rebuild', 'all'],
      [
        ['bogus'],
        ['rebuild', 'all', '--bogus'],
        ['rebuild', 'all', 'extra'],
        ['rebuild', 'case-list', 'dashboard'],
        ['rebuild'],
        ['rebuild', 'nope'],
      ],
    ],
    ['complainant-keys', ['status'], [['bogus'], ['status', '--bogus'], ['status', 'extra'], [], ['status', '--forget-retired']]],
    [
      'ranking',
      ['reproduce', '2026-11-department'],
      [['bogus'], ['reproduce', 'x', '--bogus'], ['reproduce', 'x', 'extra'], ['reproduce'], ['reproduce', 'bad id']],
    ],
  ];

  describe.each(SCRIPTS)('%s', (name, good, mistakes) => {
    it.each([['--help'], ['-h'], [...good, '--help']])('%s: the usage on stdout, exit 0', async (...args) => {
      const ran = await script(name, args, env);
      expect(ran).toMatchObject({ code: 0, stderr: '' });
      expect(ran.stdout).toMatch(/^usage: /);
    });

    it('a mistake: said with the usage on stderr, exit 64, before any database is started', async () => {
      for (const args of mistakes) {
        const ran = await script(name, args, env);
        expect({ args, code: ran.code, stdout: ran.stdout }).toEqual({ args, code: 64, stdout: '' });
        expect(ran.stderr).toMatch(/^.+\nusage: /);
        noStack(ran.stderr);
      }
      expect(fs.existsSync(neverMade)).toBe(false);
    }, 60_000);
  });

  it('projections rebuild <not a read model>: says so and names those there are', async () => {
    const ran = await script('projections', ['rebuild', 'nope'], env);
    expect(ran.code).toBe(64);
    expect(ran.stderr.split('\n')[0]).toBe(
      '"nope" is not a read model: name one of case-list, dashboard, audit, overdue, rectifications, accountability, appraisal, or all',
    );
  });

  it('audit --actor that is not an id, ranking reproduce of what is not a ranking id: said as the API says them, exit 64', async () => {
    const actor = await script('audit', ['verify', '--actor', 'bad name'], env);
    expect(actor).toEqual({
      code: 64,
      stdout: '',
      stderr:
        '--actor must be letters, digits, . _ : @ - (at most 128, the first a letter or digit), got "bad name"\n' +
        'usage: npm run audit -- verify [--json] [--actor <id>]\n',
    });
    const ranking = await script('ranking', ['reproduce', 'bad id'], env);
    expect(ranking.code).toBe(64);
    expect(ranking.stderr).toMatch(/^"bad id" is not a ranking id \(period and unit kind, e\.g\. 2026-11-department\)\nusage: /);
  });

  it('restore into a new EMBEDDED_PG_DIR on its own EMBEDDED_PG_PORT: the next step carries both, so that the restored database is the one verified', async () => {
    const restoredDir = path.join(scratch, 'pg restored');
    const port = await freePort();
    const ran = await script('restore', ['empty-backup.ndjson'], {
      ...env,
      INIT_CWD: path.dirname(emptyBackup(scratch)),
      EMBEDDED_PG_DIR: restoredDir,
      EMBEDDED_PG_PORT: String(port),
    });
    expect(ran.code).toBe(0);
    const settings = `EMBEDDED_PG_DIR='${restoredDir}' EMBEDDED_PG_PORT=${port}`;
    expect(ran.stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^Restored 0 events, .* from ${path.join(scratch, 'empty-backup.ndjson')} \\(taken `)),
      `Next: \`${settings} npm run audit -- verify\`; the read models are rebuilt from the log at the next start ` +
        `(\`${settings} npm start\`).`,
    ]);
    expect(fs.existsSync(path.join(restoredDir, 'PG_VERSION'))).toBe(true);
    expect(fs.existsSync(path.join(restoredDir, 'postmaster.pid'))).toBe(false); // its server stopped again
  }, 120_000);

  describe('a data directory that holds no PostgreSQL (a mistyped EMBEDDED_PG_DIR)', () => {
    it.each([
      ['audit', ['verify']],
      ['backup', ['backup-of-nothing.ndjson']],
      ['complainant-keys', ['status']],
      ['ranking', ['reproduce', '2026-11-department']],
      ['projections', ['rebuild', 'all']],
    ])(
      '%s: refused in one line naming the folder, exit 1; nothing made, no empty cluster reported on',
      async (name, args) => {
        const ran = await script(name, args, env);
        expect(ran.code).toBe(1);
        const said = ran.stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{'));
        expect(said).toEqual([
          expect.stringContaining(
            `There is no embedded PostgreSQL in ${neverMade}: EMBEDDED_PG_DIR must name the data directory npm start made (default .data/pg, from the project's folder), or set DATABASE_URL`,
          ),
        ]);
        noStack(ran.stderr);
        expect(fs.existsSync(neverMade)).toBe(false);
        expect(fs.readdirSync(process.cwd()).filter((file) => file.startsWith('backup-of-nothing'))).toEqual([]);
      },
      60_000,
    );
  });

  describe('backup and restore: a name that is not a file they may use', () => {
    it('backup refuses a symbolic link, a named pipe and a socket (64), and leaves each as it was', async () => {
      const target = path.join(scratch, 'link-target.ndjson');
      fs.writeFileSync(target, 'kept\n');
      const link = path.join(scratch, 'link.ndjson');
      fs.symlinkSync(target, link);
      const fifo = path.join(scratch, 'fifo.ndjson');
      execFileSync('mkfifo', [fifo]);
      const socketServer = net.createServer().listen(path.join(scratch, 'socket.ndjson'));
      await once(socketServer, 'listening');
      try {
        for (const [name, said] of [
          [link, `${link} is a symbolic link (to ${target}): name the file itself, not a link to it`],
          [fifo, `${fifo} is a named pipe, not a regular file: name a file to write the backup to`],
          [
            path.join(scratch, 'socket.ndjson'),
            `${path.join(scratch, 'socket.ndjson')} is a socket, not a regular file: name a file to write the backup to`,
          ],
        ]) {
          const ran = await script('backup', [name], env);
          expect({ name, code: ran.code, stderr: ran.stderr }).toEqual({
            name,
            code: 64,
            stderr: `${said}\nusage: npm run backup -- <file>\n`,
          });
          expect(fs.existsSync(`${name}.partial`)).toBe(false);
        }
        expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
        expect(fs.readFileSync(target, 'utf8')).toBe('kept\n');
        expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
        expect(fs.existsSync(neverMade)).toBe(false);
      } finally {
        socketServer.close();
      }
    }, 60_000);

    it('restore refuses a folder with the usage (64)', async () => {
      const ran = await script('restore', [scratch], env);
      expect(ran).toMatchObject({
        code: 64,
        stderr: `${scratch} is a folder: name the backup file in it, e.g. ${scratch}/cases.ndjson\nusage: npm run restore -- <file> [--verify-key <public-key.pem>] [--accept-unsigned]\n`,
      });
    });

    it('without a checkpoint key: backup cannot sign (78), restore cannot verify (78), a --verify-key that is no key is a mistake (64); nothing started', async () => {
      // Run from a folder without .data: the development default key is not there, and none is made.
      const keyless: NodeJS.ProcessEnv = { ...env };
      delete keyless.AUDIT_SIGNING_KEY_FILE;
      delete keyless.AUDIT_VERIFY_KEY_FILE;
      const inScratch = (name: string, args: string[]) =>
        new Promise<Ran>((resolve) =>
          execFile(
            process.execPath,
            [path.join(DIST, `${name}.js`), ...args],
            { env: keyless, cwd: scratch, timeout: 60_000 },
            (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr }),
          ),
        );
      const defaultKey = path.join(scratch, '.data', 'audit-signing-key.pem');
      const backup = await inScratch('backup', [path.join(scratch, 'unsigned.ndjson')]);
      expect(backup).toEqual({
        code: 78,
        stdout: '',
        stderr:
          `Configuration error: AUDIT_SIGNING_KEY_FILE: no such file: ${defaultKey}. A backup is signed with the checkpoint signing key: ` +
          'run it where the server that signs checkpoints runs, with its AUDIT_SIGNING_KEY_FILE (the default key is made at its first start)\n',
      });
      const backupFile = emptyBackup(scratch);
      const restore = await inScratch('restore', [backupFile]);
      expect(restore.code).toBe(78);
      expect(restore.stderr).toMatch(
        new RegExp(
          `^${backupFile} is signed with checkpoint key [\\w-]+, and there is no checkpoint key here to verify it with .*\\. Nothing was restored\\.\n$`,
        ),
      );
      const notAKey = path.join(scratch, 'not-a-key.pem');
      fs.writeFileSync(notAKey, 'not a key\n');
      const mistaken = await inScratch('restore', [backupFile, '--verify-key', notAKey]);
      expect(mistaken).toMatchObject({
        code: 64,
        stderr: expect.stringMatching(new RegExp(`^--verify-key: ${notAKey} is not an Ed25519 public key \\(PEM\\)\nusage: `)),
      });
      expect(fs.existsSync(path.join(scratch, '.data'))).toBe(false);
      expect(fs.existsSync(neverMade)).toBe(false);
    }, 60_000);

    it('restore refuses an EMBEDDED_PG_DIR holding other files, before touching it (1, one line)', async () => {
      const folder = path.join(scratch, 'not-a-cluster');
      fs.mkdirSync(folder, { mode: 0o755 });
      fs.writeFileSync(path.join(folder, 'notes.txt'), 'mine\n');
      const before = fs.statSync(folder);
      const ran = await script('restore', [emptyBackup(scratch)], { ...env, EMBEDDED_PG_DIR: folder });
      expect(ran.code).toBe(1);
      expect(ran.stderr).toBe(
        `${folder} is not a PostgreSQL data directory and not empty: EMBEDDED_PG_DIR must name a new (or empty) folder ` +
          'to restore into, or a data directory npm start made. Nothing was changed.\n',
      );
      const after = fs.statSync(folder);
      expect([after.uid, after.gid, after.mode]).toEqual([before.uid, before.gid, before.mode]);
      expect(fs.readdirSync(folder)).toEqual(['notes.txt']);
    }, 60_000);
  });

  describe('Ctrl-C or SIGTERM while the database is being opened (one that accepts connections and never answers)', () => {
    let silent: net.Server;
    let url: string;
    const connected: Array<() => void> = [];
    beforeAll(async () => {
      silent = net.createServer(() => connected.shift()?.());
      silent.listen(0, '127.0.0.1');
      await once(silent, 'listening');
      url = `postgres://nobody:x@127.0.0.1:${(silent.address() as net.AddressInfo).port}/cases`;
    });
    afterAll(() => silent.close());

    /** Starts the script, sends `signal` once it has connected (its work begun), and answers how it ended. */
    async function interrupt(name: string, args: string[], signal: NodeJS.Signals): Promise<Ran & { signal: string | null }> {
      const child = spawn(process.execPath, [path.join(DIST, `${name}.js`), ...args], { env: { ...env, DATABASE_URL: url } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      await new Promise<void>((resolve) => connected.push(resolve));
      child.kill(signal);
      const [code, ended] = (await once(child, 'exit')) as [number | null, string | null];
      return { code: code ?? -1, signal: ended, stdout, stderr };
    }

    it('backup: removes its .partial, says so in one line, exits 130 (143 for SIGTERM)', async () => {
      const file = path.join(scratch, 'interrupted.ndjson');
      for (const [signal, code] of [
        ['SIGINT', 130],
        ['SIGTERM', 143],
      ] as const) {
        const ran = await interrupt('backup', [file], signal);
        expect(ran).toMatchObject({ code, signal: null, stdout: '' });
        expect(ran.stderr).toBe(`Backup interrupted by ${signal}: ${file} was not written, and ${file}.partial is removed.\n`);
        expect(fs.readdirSync(scratch).filter((name) => name.startsWith('interrupted.ndjson'))).toEqual([]);
      }
    }, 60_000);

    it('restore: nothing restored, said in one line, exit 130', async () => {
      const ran = await interrupt('restore', [emptyBackup(scratch)], 'SIGINT');
      expect(ran).toMatchObject({ code: 130, signal: null, stdout: '', stderr: 'Restore interrupted by SIGINT: nothing was restored.\n' });
    }, 60_000);
  });

  describe('a damaged development key file (DEV_TOKEN_KEY_FILE)', () => {
    it.each([
      ['not JSON', '{bad', /is not a development signing key \(not JSON: .*\): fix it, or delete it to have a new one made/],
      ['not a key', '{"kty":"oct","k":"AAAA"}', /is not a development signing key \(a P-256 private key as a JWK\)/],
      ['a folder', null, /is a folder: name the key file itself, e\.g\. .*\/dev-token-key\.json$/],
    ])('%s: npm run token says so in one line, exit 78', async (_, content, said) => {
      const file = path.join(scratch, `key-${Math.random().toString(36).slice(2)}`);
      if (content === null) fs.mkdirSync(file);
      else fs.writeFileSync(file, content);
      const ran = await script('token', ['--role', 'intake'], { ...env, DEV_TOKEN_KEY_FILE: file });
      expect(ran.code).toBe(78);
      expect(ran.stdout).toBe('');
      const lines = ran.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Configuration error: DEV_TOKEN_KEY_FILE: /);
      expect(lines[0]).toMatch(said);
    });
  });

  describe('on a database', () => {
    let db: TestDatabase;
    let dbEnv: NodeJS.ProcessEnv;

    beforeAll(async () => {
      db = await createTestDatabase();
      dbEnv = { ...env, DATABASE_URL: db.url };
    });
    afterAll(async () => db.drop());

    it('complainant-keys status reads only: no key file, no folder made; it says so and lists the data keys stored', async () => {
      const keyFile = path.join(scratch, 'nonexistent', 'dir', 'k.json');
      const ran = await script('complainant-keys', ['status'], { ...dbEnv, COMPLAINANT_MASTER_KEY_FILE: keyFile });
      expect(fs.existsSync(path.join(scratch, 'nonexistent'))).toBe(false);
      expect(ran.stdout).not.toContain('generated');
      expect(ran.stdout.split('\n')[0]).toBe(`no master key file at ${keyFile} (COMPLAINANT_MASTER_KEY_FILE): no master key is configured`);
      expect(ran.code).toBe(0); // nothing stored that it cannot read

      // A data key wrapped by a master key no file holds (its content never read: status only counts).
      const ref = '00000000-0000-4000-8000-00000000c001';
      await db.pool.query("INSERT INTO complainant_identities (ref, case_id, sealed) VALUES ($1, $1, '\\x00')", [ref]);
      await db.pool.query("INSERT INTO complainant_data_keys (ref, master_key_id, wrapped_key) VALUES ($1, 'k-gone', '\\x00')", [ref]);
      const withKeys = await script('complainant-keys', ['status'], { ...dbEnv, COMPLAINANT_MASTER_KEY_FILE: keyFile });
      expect(withKeys.stdout).toContain('  k-gone: 1 data keys — NOT CONFIGURED: these identities cannot be read');
      expect(withKeys.code).toBe(1);
      expect(fs.existsSync(path.join(scratch, 'nonexistent'))).toBe(false);
      await db.pool.query('DELETE FROM complainant_data_keys WHERE ref = $1', [ref]);
      await db.pool.query('DELETE FROM complainant_identities WHERE ref = $1', [ref]);
    }, 60_000);

    it('complainant-keys: the report alone on stdout, its log on stderr', async () => {
      const ran = await script('complainant-keys', ['rotate'], { ...dbEnv, LOG_LEVEL: 'debug' });
      expect(ran.code).toBe(0);
      expect(ran.stdout).not.toContain('"level"');
      expect(ran.stdout).toContain('\ncurrent master key: ');
      expect(ran.stderr).toContain('"level"');
    }, 60_000);

    it('complainant-keys: a key file holding no key is refused in its own terms, exit 78', async () => {
      const keyFile = path.join(scratch, 'empty-keys.json');
      fs.writeFileSync(keyFile, '{"keys":[]}');
      const ran = await script('complainant-keys', ['status'], { ...dbEnv, COMPLAINANT_MASTER_KEY_FILE: keyFile });
      expect(ran.code).toBe(78);
      expect(ran.stderr.trim()).toBe(
        `Configuration error: COMPLAINANT_MASTER_KEY_FILE: ${keyFile} holds no master key ("keys" is empty): restore it from your copy`,
      );
    }, 60_000);

    it('ranking reproduce --json: a refusal is JSON too, the API’s problem body, exit 1', async () => {
      const ran = await script('ranking', ['reproduce', '2019-01-department', '--json'], dbEnv);
      expect(ran.code).toBe(1);
      expect(JSON.parse(ran.stdout)).toMatchObject({
        type: expect.stringMatching(/ranking-not-found$/),
        title: 'Not found',
        status: 404,
        code: 'RANKING_NOT_FOUND',
        detail: 'There is no such ranking',
      });
      const plain = await script('ranking', ['reproduce', '2019-01-department'], dbEnv);
      expect(plain).toMatchObject({ code: 1, stdout: 'RANKING_NOT_FOUND: There is no such ranking\n' });
    }, 60_000);
  });
});

/** A whole backup file of an empty database (header, trailer, digest, signed with the tests' checkpoint key), in `dir`. */
function emptyBackup(dir: string): string {
  const tables = [
    'events',
    'audit_checkpoints',
    'complainant_identities',
    'complainant_data_keys',
    'case_query_codes',
    'ledger_people',
    'ledger_person_keys',
  ];
  const counts = Object.fromEntries(tables.map((table) => [table, 0]));
  const header = JSON.stringify({
    format: 'complaint-cases-backup',
    version: 2,
    createdAt: '2026-11-16T01:00:00.000Z',
    serverVersion: '18.0',
    counts,
    lastMigration: null,
    maxTransactionId: null,
    checkpointKey: null,
  });
  const sha256 = createHash('sha256').update(`${header}\n`).digest('hex');
  const file = path.join(dir, 'empty-backup.ndjson');
  const privateKey = createPrivateKey(fs.readFileSync(process.env.AUDIT_SIGNING_KEY_FILE!));
  const keyId = keyIdOf(createPublicKey(privateKey));
  const statement = canonicalJson({ format: 'complaint-cases-backup', version: 2, sha256, keyId });
  const signature = { algorithm: 'Ed25519', keyId, value: sign(null, Buffer.from(statement), privateKey).toString('base64url') };
  fs.writeFileSync(file, `${header}\n${JSON.stringify({ end: true, counts, sha256, signature })}\n`);
  return file;
}
