import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { caseStreamId, findingStreamId } from '@app/domain';
import { PostgresEventStore } from '@app/event-store';
import { masterKey } from '@app/platform';
import { newEvents, type TestEvent } from '../../../../test/support/event-log';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { LEDGER_PEOPLE_TABLES, PeopleStore } from '../ledger/people/people.store';
import { ComplainantFiling } from './complainant-filing';
import { COMPLAINANT_TABLES, ComplainantIdentityStore } from './complainant-identity.store';
import { LegacyComplainantsSweep } from './legacy-complainants.sweep';
import { MasterKeyring } from './master-keyring';
import { rewrapDataKeys } from './master-key-rotation';
import { newKey } from './sealed-box';

/**
 * Whoever holds the application's role, cases_app (an injection, a stolen password), must not
 * forge a complainant's identity nor erase one without a trace (migrations 1765300000100,
 * 1765300000200; docs/rules.md#complainant-confidentiality): no plaintext row can be planted for
 * the legacy sweep, no identity or data key deleted or truncated; a data key goes only through the
 * erase functions, once the log holds the erasure, and never comes back after it. What the application does still works as cases_app.
 */
describe('the identity tables as the application role (cases_app)', () => {
  let db: TestDatabase;
  let app: Pool;
  let store: PostgresEventStore;
  const first = masterKey('k1', newKey());
  const second = masterKey('k2', newKey());
  // Wraps under k1, opens what the rotation below rewraps under k2 too.
  const keyring = new MasterKeyring([first, second]);
  let identities: ComplainantIdentityStore;
  let people: PeopleStore;
  const filed = randomUUID();
  const finding = randomUUID();

  const append = (streamId: string, events: TestEvent[], options: Partial<Parameters<PostgresEventStore['appendToStream']>[2]> = {}) =>
    store.appendToStream(streamId, newEvents(events), { expectedVersion: 'any', ...options });
  const keyCount = async (table: string) => (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = new Pool({ connectionString: db.appUrl, max: 4 });
    // DROP … WITH (FORCE) in afterAll ends connections still closing after app.end(); expected, not a failure.
    app.on('error', () => undefined);
    store = new PostgresEventStore(app, db.appUrl);
    identities = new ComplainantIdentityStore(app, keyring);
    people = new PeopleStore(app, keyring);
    // Filing as the application does it: the identity's rows in the append's statement (write_filing_rows).
    const filing = new ComplainantFiling(identities, app).prepare(filed, { anonymous: false, name: '欧阳晓明', phone: '13912345678' });
    await append(caseStreamId(filed), [{ type: 'ComplaintFiled', data: { caseId: filed, complainant: { ref: filing.ref } } }], {
      alongsideStatement: filing.rows.alongsideStatement,
    });
    const raiser = people.prepare(finding, { kind: 'citizen', name: '司马青岚', phone: null });
    await append(findingStreamId(finding), [{ type: 'FindingRaised', data: { findingId: finding, raisedBy: raiser.raisedBy } }], {
      alongside: (transaction) => raiser.write(transaction),
    });
  });
  afterAll(async () => {
    await store.close();
    await app.end();
    await db.drop();
  });

  it('logs in as cases_app and files, reads with its purpose, writes a raiser and reads them', async () => {
    expect((await app.query('SELECT current_user AS user')).rows).toEqual([{ user: 'cases_app' }]);
    expect(await identities.read(filed)).toEqual({
      state: 'present',
      identity: { name: '欧阳晓明', phone: '13912345678', idNumber: null, enterprise: null },
    });
    expect(await people.read(finding)).toEqual({ state: 'present', identity: { name: '司马青岚', phone: null } });
  });

  it.each([
    ['TRUNCATE complainant_data_keys', 'TRUNCATE complainant_data_keys', /permission denied for table complainant_data_keys/],
    ['DELETE FROM complainant_data_keys', 'DELETE FROM complainant_data_keys', /permission denied for table complainant_data_keys/],
    [
      'change a data key’s ref',
      'UPDATE complainant_data_keys SET ref = gen_random_uuid()',
      /permission denied for table complainant_data_keys/,
    ],
    ['TRUNCATE complainant_identities', 'TRUNCATE complainant_identities CASCADE', /permission denied for table complainant_identities/],
    ['DELETE FROM complainant_identities', 'DELETE FROM complainant_identities', /permission denied for table complainant_identities/],
    [
      'UPDATE complainant_identities',
      "UPDATE complainant_identities SET sealed = '\\x00'",
      /permission denied for table complainant_identities/,
    ],
    ['TRUNCATE ledger_person_keys', 'TRUNCATE ledger_person_keys', /permission denied for table ledger_person_keys/],
    ['DELETE FROM ledger_person_keys', 'DELETE FROM ledger_person_keys', /permission denied for table ledger_person_keys/],
    ['DELETE FROM ledger_people', 'DELETE FROM ledger_people', /permission denied for table ledger_people/],
    ['UPDATE ledger_people', "UPDATE ledger_people SET sealed = '\\x00'", /permission denied for table ledger_people/],
    [
      'INSERT INTO complainants_plaintext_legacy (a forged identity for the sweep)',
      `INSERT INTO complainants_plaintext_legacy (ref, case_id, name, phone, enterprise) VALUES (gen_random_uuid(), gen_random_uuid(), '假名', '13800000000', NULL)`,
      /permission denied for table complainants_plaintext_legacy/,
    ],
    [
      'UPDATE complainants_plaintext_legacy',
      "UPDATE complainants_plaintext_legacy SET name = '假名'",
      /permission denied for table complainants_plaintext_legacy/,
    ],
    ['TRUNCATE case_query_codes', 'TRUNCATE case_query_codes', /permission denied for table case_query_codes/],
  ])('cannot %s', async (_, sql, refusal) => {
    await expect(app.query(sql)).rejects.toThrow(refusal);
    expect(await identities.read(filed)).toMatchObject({ state: 'present' });
    expect(await people.read(finding)).toMatchObject({ state: 'present' });
  });

  it('cannot delete a data key through the erase functions while the log holds no erasure', async () => {
    await expect(identities.deleteKey(filed)).rejects.toThrow(/has no ComplainantIdentityErased in the log/);
    await expect(people.deleteKey(finding)).rejects.toThrow(/has no RaiserIdentityErased in the log/);
    expect(await identities.read(filed)).toMatchObject({ state: 'present' });
    expect(await people.read(finding)).toMatchObject({ state: 'present' });
    const { rows } = await db.pool.query(
      `SELECT p.proname AS name, p.prosecdef AS definer, has_function_privilege('cases_app', p.oid, 'EXECUTE') AS app,
              has_function_privilege('public', p.oid, 'EXECUTE') AS anyone
         FROM pg_proc p WHERE p.proname IN ('erase_complainant_data_key', 'erase_raiser_data_key') ORDER BY 1`,
    );
    expect(rows).toEqual([
      { name: 'erase_complainant_data_key', definer: true, app: true, anyone: false },
      { name: 'erase_raiser_data_key', definer: true, app: true, anyone: false },
    ]);
  });

  it('rewraps every data key under a new master key (the rotation), as cases_app', async () => {
    const rotated = new MasterKeyring([second, first]);
    expect(await rewrapDataKeys(app, rotated, COMPLAINANT_TABLES)).toEqual({ rewrapped: 1 });
    expect(await rewrapDataKeys(app, rotated, LEDGER_PEOPLE_TABLES)).toEqual({ rewrapped: 1 });
    expect(await new ComplainantIdentityStore(app, rotated).read(filed)).toMatchObject({ state: 'present' });
    expect(await new PeopleStore(app, rotated).read(finding)).toMatchObject({ state: 'present' });
  });

  it('sweeps genuine legacy rows, and never replaces a case’s identity with one', async () => {
    const legacy = { caseId: randomUUID(), ref: randomUUID() };
    await append(caseStreamId(legacy.caseId), [
      { type: 'ComplaintFiled', data: { caseId: legacy.caseId, complainant: { ref: legacy.ref, anonymous: false } } },
    ]);
    const [{ ref: filedRef }] = (await db.pool.query('SELECT ref FROM complainant_identities WHERE case_id = $1', [filed])).rows;
    // Rows of before encryption (written here by the owner: the application's role can no longer write them).
    for (const [row, name] of [
      [legacy, '诸葛明远'],
      [{ caseId: filed, ref: filedRef }, '假冒者'],
    ] as const) {
      await db.pool.query(
        'INSERT INTO complainants_plaintext_legacy (ref, case_id, name, phone, enterprise) VALUES ($1, $2, $3, $4, NULL)',
        [row.ref, row.caseId, name, '13700000000'],
      );
    }

    expect(await new LegacyComplainantsSweep(app, store, identities).sweep()).toEqual({ sealed: 1, orphans: 0, kept: 1 });

    expect(await identities.read(legacy.caseId)).toMatchObject({ state: 'present', identity: { name: '诸葛明远' } });
    expect(await identities.read(filed)).toMatchObject({ state: 'present', identity: { name: '欧阳晓明' } });
    expect(await keyCount('complainants_plaintext_legacy')).toBe(0);
  });

  it('erases (crypto-shredding) with the erasure in the log, as the application does, in the append’s transaction', async () => {
    const erased = { reason: 'retention_ended', erasedAt: new Date().toISOString() };
    // What whoever holds the role could copy before the erasure, to store it back afterwards.
    const copied = {
      complainant: (
        await app.query('SELECT * FROM complainant_data_keys WHERE ref IN (SELECT ref FROM complainant_identities WHERE case_id = $1)', [
          filed,
        ])
      ).rows[0],
      raiser: (
        await app.query('SELECT * FROM ledger_person_keys WHERE ref IN (SELECT ref FROM ledger_people WHERE finding_id = $1)', [finding])
      ).rows[0],
    };
    await append(caseStreamId(filed), [{ type: 'ComplainantIdentityErased', data: erased }], {
      alongside: async (transaction) => void (await identities.deleteKey(filed, transaction ?? undefined)),
    });
    await append(findingStreamId(finding), [{ type: 'RaiserIdentityErased', data: erased }], {
      alongside: async (transaction) => void (await people.deleteKey(finding, transaction ?? undefined)),
    });
    expect(await identities.read(filed)).toEqual({ state: 'key_deleted' });
    expect(await people.read(finding)).toEqual({ state: 'key_deleted' });
    // Called again (an erasure recorded whose key outlived it): nothing left to delete.
    expect(await identities.deleteKey(filed)).toBe(false);
    // An erased person's copied key cannot be stored back (it would open the identity again).
    for (const [table, key, refusal] of [
      ['complainant_data_keys', copied.complainant, /the complainant of data key .* was erased/],
      ['ledger_person_keys', copied.raiser, /the raiser of data key .* was erased/],
    ] as const) {
      await expect(
        app.query(`INSERT INTO ${table} (ref, master_key_id, wrapped_key) VALUES ($1, $2, $3)`, [
          key.ref,
          key.master_key_id,
          key.wrapped_key,
        ]),
      ).rejects.toThrow(refusal);
    }
    expect(await identities.read(filed)).toEqual({ state: 'key_deleted' });
    expect(await people.read(finding)).toEqual({ state: 'key_deleted' });
  });
});
