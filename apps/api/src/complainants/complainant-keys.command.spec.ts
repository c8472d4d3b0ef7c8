import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { masterKey, type ComplainantKeysConfig } from '@app/platform';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { masterKeyCoverage, runComplainantKeysCommand } from './complainant-keys.command';
import { ComplainantIdentityStore } from './complainant-identity.store';
import { loadMasterKeyring, MasterKeyring, readKeyFile } from './master-keyring';
import { newKey } from './sealed-box';
import { PeopleStore } from '../ledger/people/people.store';

/**
 * Master-key rotation (`npm run complainant-keys -- rotate`): every data key rewrapped under the new
 * master key, the sealed identities untouched, and readable with the new key alone.
 */
describe('npm run complainant-keys', () => {
  let db: TestDatabase;
  let dir: string;
  let lines: string[];
  const run = (args: string[], keys: ComplainantKeysConfig) =>
    runComplainantKeysCommand(args, { pool: db.pool, keys, out: (l) => lines.push(l) });
  const identity = (i: number) => ({ name: `测试${i}`, phone: `1390000000${i}`, idNumber: null, enterprise: null });
  const sealedRows = async () =>
    (await db.pool.query('SELECT ref, sealed FROM complainant_identities ORDER BY ref')).rows.map(
      (r) => `${r.ref}:${r.sealed.toString('hex')}`,
    );
  const keyRows = async () =>
    (await db.pool.query('SELECT ref, master_key_id, wrapped_key FROM complainant_data_keys ORDER BY ref')).rows.map((r) => ({
      ref: r.ref,
      masterKeyId: r.master_key_id,
      wrapped: r.wrapped_key.toString('hex'),
    }));
  /** Files `n` identities under `keyring`; their case ids. */
  const fileIdentities = async (keyring: MasterKeyring, n: number) => {
    const store = new ComplainantIdentityStore(db.pool, keyring);
    const cases = Array.from({ length: n }, () => randomUUID());
    for (const [i, caseId] of cases.entries()) await store.save(store.seal(caseId, identity(i)));
    return cases;
  };

  beforeEach(async () => {
    db = await createTestDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'complainant-keys-'));
    lines = [];
  });
  afterEach(async () => {
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('rotate, with the development key file: a new master key, every data key rewrapped, no identity touched', async () => {
    const keys = { masterKeys: null, keyFile: path.join(dir, 'keys.json') };
    const old = loadMasterKeyring(keys);
    const oldId = old.current.id;
    const cases = await fileIdentities(old, 3);
    // One erased (its key deleted): nothing to rewrap.
    await new ComplainantIdentityStore(db.pool, old).deleteKey(cases[2]);
    const sealedBefore = await sealedRows();
    const keysBefore = await keyRows();

    expect(await run(['rotate'], keys)).toBe(0);

    const keyring = readKeyFile(keys.keyFile);
    expect(keyring.ids).toEqual([expect.any(String), oldId]);
    expect(keyring.current.id).not.toBe(oldId);
    expect(await sealedRows()).toEqual(sealedBefore);
    const keysAfter = await keyRows();
    expect(keysAfter.map((k) => k.ref)).toEqual(keysBefore.map((k) => k.ref));
    for (const [i, key] of keysAfter.entries()) {
      expect(key.masterKeyId).toBe(keyring.current.id);
      expect(key.wrapped).not.toBe(keysBefore[i].wrapped);
    }
    expect(lines).toContain(`rewrapped 2 data keys under master key ${keyring.current.id}`);

    // The new master key alone opens every identity: the old one can go.
    expect(await run(['rotate', '--forget-retired'], keys)).toBe(0);
    const final = readKeyFile(keys.keyFile);
    expect(final.keys).toHaveLength(1);
    const store = new ComplainantIdentityStore(db.pool, final);
    expect(await store.read(cases[0])).toEqual({ state: 'present', identity: identity(0) });
    expect(await store.read(cases[1])).toEqual({ state: 'present', identity: identity(1) });
    expect(await store.read(cases[2])).toEqual({ state: 'key_deleted' });
    expect(await sealedRows()).toEqual(sealedBefore);
  });

  it('rotate, with COMPLAINANT_MASTER_KEYS: rewraps under the first key; the old one then wraps nothing', async () => {
    const k1 = masterKey('k2026', newKey());
    const k2 = masterKey('k2027', newKey());
    const cases = await fileIdentities(new MasterKeyring([k1]), 2);
    const keys = { masterKeys: [k2, k1], keyFile: path.join(dir, 'never-written.json') };

    expect(await run(['rotate'], keys)).toBe(0);
    expect(lines).toEqual([
      'rewrapped 2 data keys under master key k2027',
      'current master key: k2027 (COMPLAINANT_MASTER_KEYS)',
      '  k2027: 2 data keys',
      '  k2026: 0 data keys',
    ]);
    expect(fs.existsSync(keys.keyFile)).toBe(false);
    const store = new ComplainantIdentityStore(db.pool, new MasterKeyring([k2]));
    expect(await store.read(cases[1])).toEqual({ state: 'present', identity: identity(1) });
  });

  it('rotate rewraps the ledger’s people (who raised findings) with the complainants; status counts both; nothing wrapped by a key it forgets', async () => {
    const keys = { masterKeys: null, keyFile: path.join(dir, 'keys.json') };
    const old = loadMasterKeyring(keys);
    const oldId = old.current.id;
    const cases = await fileIdentities(old, 1);
    const people = new PeopleStore(db.pool, old);
    const findings = [randomUUID(), randomUUID()];
    for (const [i, findingId] of findings.entries()) {
      await people.prepare(findingId, { kind: 'member', name: `委员${i}`, phone: null }).write(null);
    }
    const personKeys = async () =>
      (await db.pool.query('SELECT master_key_id, rewrapped_at FROM ledger_person_keys ORDER BY ref')).rows.map((r) => ({
        masterKeyId: r.master_key_id,
        rewrapped: r.rewrapped_at !== null,
      }));
    expect(await run(['status'], keys)).toBe(0);
    expect(lines).toEqual([`current master key: ${oldId} (${keys.keyFile})`, `  ${oldId}: 3 data keys`]);
    lines = [];

    expect(await run(['rotate', '--forget-retired'], keys)).toBe(0);

    const final = readKeyFile(keys.keyFile);
    expect(final.ids).toHaveLength(1);
    expect(final.current.id).not.toBe(oldId);
    expect(lines).toContain(`rewrapped 3 data keys under master key ${final.current.id}`);
    expect(lines.slice(-2)).toEqual([`current master key: ${final.current.id} (${keys.keyFile})`, `  ${final.current.id}: 3 data keys`]);
    expect(await personKeys()).toEqual([
      { masterKeyId: final.current.id, rewrapped: true },
      { masterKeyId: final.current.id, rewrapped: true },
    ]);
    // Under the new key alone, both stores open: the old key was dropped only once nothing used it.
    expect(await new PeopleStore(db.pool, final).read(findings[1])).toEqual({ state: 'present', identity: { name: '委员1', phone: null } });
    expect(await new ComplainantIdentityStore(db.pool, final).read(cases[0])).toEqual({ state: 'present', identity: identity(0) });
  });

  it('refuses to rotate when a data key is wrapped by a master key the keyring lacks; status says which', async () => {
    const lost = masterKey('k-lost', newKey());
    await fileIdentities(new MasterKeyring([lost]), 1);
    const keys = { masterKeys: [masterKey('k-new', newKey())], keyFile: path.join(dir, 'unused.json') };
    expect(await run(['rotate'], keys)).toBe(1);
    expect(lines).toEqual(['cannot rotate: data keys are wrapped by master keys not configured: k-lost']);
    lines = [];
    expect(await run(['status'], keys)).toBe(1);
    expect(lines).toEqual([
      'current master key: k-new (COMPLAINANT_MASTER_KEYS)',
      '  k-new: 0 data keys',
      '  k-lost: 1 data keys — NOT CONFIGURED: these identities cannot be read',
    ]);
  });

  it('rotate, run again after a rotation failed half-way: finishes it under the key that one generated, generating no other', async () => {
    const keys = { masterKeys: null, keyFile: path.join(dir, 'keys.json') };
    const old = loadMasterKeyring(keys);
    const oldId = old.current.id;
    const cases = await fileIdentities(old, 2);
    // A data key under the old master key that does not open: the rotation stops at it, its batch rolled back.
    const bad = '00000000-0000-4000-8000-0000000000ff';
    await db.pool.query("INSERT INTO complainant_identities (ref, case_id, sealed) VALUES ($1, $1, '\\x00')", [bad]);
    await db.pool.query("INSERT INTO complainant_data_keys (ref, master_key_id, wrapped_key) VALUES ($1, $2, '\\x00')", [bad, oldId]);
    await expect(run(['rotate'], keys)).rejects.toThrow();
    const generated = readKeyFile(keys.keyFile).current.id;
    expect(generated).not.toBe(oldId);
    expect(readKeyFile(keys.keyFile).ids).toEqual([generated, oldId]);
    lines = [];
    expect(await run(['status'], keys)).toBe(0);
    expect(lines.at(-1)).toMatch(new RegExp(`^the rotation to ${generated} begun \\S+ is unfinished: rotate finishes it$`));

    await db.pool.query('DELETE FROM complainant_data_keys WHERE ref = $1', [bad]);
    lines = [];
    expect(await run(['rotate'], keys)).toBe(0);
    expect(lines[0]).toMatch(new RegExp(`^finishing the rotation to master key ${generated} begun \\S+: no new key generated$`));
    expect(readKeyFile(keys.keyFile).ids).toEqual([generated, oldId]);
    expect((await keyRows()).map((k) => k.masterKeyId)).toEqual([generated, generated]);
    expect(await new ComplainantIdentityStore(db.pool, readKeyFile(keys.keyFile)).read(cases[1])).toEqual({
      state: 'present',
      identity: identity(1),
    });

    // Finished: the next rotate is a new one, with a key of its own.
    lines = [];
    expect(await run(['rotate'], keys)).toBe(0);
    expect(lines[0]).toMatch(/^new master key \S+ written to /);
    expect(readKeyFile(keys.keyFile).ids).toHaveLength(3);
    expect(fs.readdirSync(dir)).toEqual(['keys.json']);
  });

  it('rotate refused (a data key under a master key not configured) generates no key into the file', async () => {
    await fileIdentities(new MasterKeyring([masterKey('k-lost', newKey())]), 1);
    const keys = { masterKeys: null, keyFile: path.join(dir, 'keys.json') };
    const ids = loadMasterKeyring(keys).ids;
    expect(await run(['rotate'], keys)).toBe(1);
    expect(lines).toEqual(['cannot rotate: data keys are wrapped by master keys not configured: k-lost']);
    expect(readKeyFile(keys.keyFile).ids).toEqual(ids);
  });

  it('masterKeyCoverage: the configured ids, and those wrapping stored data keys without being configured, never generating a file', async () => {
    const k1 = masterKey('k-one', newKey());
    await fileIdentities(new MasterKeyring([k1]), 2);
    const file = path.join(dir, 'none-yet.json');
    expect(await masterKeyCoverage(db.pool, { masterKeys: null, keyFile: file })).toEqual({
      configured: [],
      missing: [{ id: 'k-one', dataKeys: 2 }],
    });
    expect(fs.existsSync(file)).toBe(false);
    expect(await masterKeyCoverage(db.pool, { masterKeys: [k1], keyFile: file })).toEqual({ configured: ['k-one'], missing: [] });
  });

  it('bad usage is 64', async () => {
    const keys = { masterKeys: [masterKey('k', newKey())], keyFile: path.join(dir, 'unused.json') };
    expect(await run([], keys)).toBe(64);
    expect(await run(['rotate', '--force'], keys)).toBe(64);
    expect(await run(['status', '--forget-retired'], keys)).toBe(64);
  });
});
