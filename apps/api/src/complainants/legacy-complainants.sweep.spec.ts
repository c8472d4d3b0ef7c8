import { randomUUID } from 'node:crypto';
import { masterKey } from '@app/platform';
import { appendToCase, useEventStoreDatabase } from '../../../../test/support/event-log';
import { ComplainantIdentityStore } from './complainant-identity.store';
import { LegacyComplainantsSweep } from './legacy-complainants.sweep';
import { MasterKeyring } from './master-keyring';
import { newKey } from './sealed-box';

/**
 * The plaintext rows of before encryption: those of filed cases are encrypted under the same
 * reference, the orphans of refused filings deleted, and the plaintext table left empty.
 */
describe('the sweep of plaintext complainant rows', () => {
  const db = useEventStoreDatabase();

  it('encrypts the rows of filed cases, deletes the orphans, and leaves no plaintext', async () => {
    const filed = { caseId: randomUUID(), ref: randomUUID() };
    const orphan = { caseId: randomUUID(), ref: randomUUID() };
    const otherRef = { caseId: randomUUID(), ref: randomUUID() };
    await appendToCase(db.store, filed.caseId, {
      type: 'ComplaintFiled',
      data: { caseId: filed.caseId, complainant: { ref: filed.ref, anonymous: false } },
    });
    // A case filed under another reference (a retried filing wrote a second row): this row is not its.
    await appendToCase(db.store, otherRef.caseId, {
      type: 'ComplaintFiled',
      data: { caseId: otherRef.caseId, complainant: { ref: randomUUID(), anonymous: false } },
    });
    for (const [row, name] of [
      [filed, '欧阳晓明'],
      [orphan, '司马青岚'],
      [otherRef, '诸葛明远'],
    ] as const) {
      await db.pool.query('INSERT INTO complainants_plaintext_legacy (ref, case_id, name, phone, enterprise) VALUES ($1, $2, $3, $4, $5)', [
        row.ref,
        row.caseId,
        name,
        '13912345678',
        null,
      ]);
    }
    const identities = new ComplainantIdentityStore(db.pool, new MasterKeyring([masterKey('k1', newKey())]));

    expect(await new LegacyComplainantsSweep(db.pool, db.store, identities).sweep()).toEqual({ sealed: 1, orphans: 2, kept: 0 });

    expect((await db.pool.query('SELECT * FROM complainants_plaintext_legacy')).rows).toEqual([]);
    expect(await identities.read(filed.caseId)).toEqual({
      state: 'present',
      identity: { name: '欧阳晓明', phone: '13912345678', idNumber: null, enterprise: null },
    });
    expect((await db.pool.query('SELECT ref FROM complainant_identities')).rows).toEqual([{ ref: filed.ref }]);
    expect(await identities.read(orphan.caseId)).toEqual({ state: 'missing' });
    // Nothing to do the second time.
    expect(await new LegacyComplainantsSweep(db.pool, db.store, identities).sweep()).toEqual({ sealed: 0, orphans: 0, kept: 0 });
  });
});
