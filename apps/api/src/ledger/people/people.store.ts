import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { raiserIsPerson, type RaisedByReference, type RaiserKind } from '@app/domain';
import type { AppendTransaction } from '@app/event-store';
import { PG_POOL } from '@app/platform';
import { MASTER_KEYRING, type MasterKeyring } from '../../complainants/master-keyring';
import { sealUnderOwnKey } from '../../complainants/sealed-box';
import { deleteDataKey, openSealedPerson, type SealedPeopleTables, type StoredPerson } from '../../complainants/sealed-people';

/**
 * Who raised a finding as intake gives it: a person (a CPPCC member or deputy, a citizen, an
 * inspector) by name and, if given, phone; an enterprise or an office by its name.
 */
export interface RaiserGiven {
  kind: RaiserKind;
  name: string;
  phone: string | null;
}

/** A person who raised a finding, as sealed: name and, if given, phone. */
export interface RaiserIdentity {
  name: string;
  phone: string | null;
}

/** The reference FindingRaised records, and the person's row written with it (the append's `alongside`). */
export interface PreparedRaiser {
  raisedBy: RaisedByReference;
  write(transaction: AppendTransaction | null): Promise<void>;
}

/** The person and their wrapped data key in one statement, as the complainant's filing writes its rows. */
const PERSON_ROWS_SQL = `
  WITH person AS (INSERT INTO ledger_people (ref, finding_id, sealed) VALUES ($1::uuid, $2::uuid, $3::bytea))
  INSERT INTO ledger_person_keys (ref, master_key_id, wrapped_key) VALUES ($1::uuid, $4::text, $5::bytea)`;

/**
 * The ledger's store of people (docs/ledger.md#who-raised-it): a person who raised a finding is
 * sealed under a data key of their own, wrapped by the complainant store's master keys, and only a
 * random reference goes into the log; the rows are written with FindingRaised or not at all.
 */
@Injectable()
export class PeopleStore {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(MASTER_KEYRING) private readonly keyring: MasterKeyring,
  ) {}

  prepare(findingId: string, given: RaiserGiven): PreparedRaiser {
    if (!raiserIsPerson(given.kind)) return { raisedBy: { kind: given.kind, ref: given.name }, write: async () => {} };
    const ref = randomUUID();
    const master = this.keyring.current;
    const person: RaiserIdentity = { name: given.name, phone: given.phone };
    const plaintext = Buffer.from(JSON.stringify(person), 'utf8');
    const { sealed, masterKeyId, wrappedKey } = sealUnderOwnKey(
      master,
      plaintext,
      personContext(ref, findingId),
      personKeyContext(ref, master.id),
    );
    return {
      raisedBy: { kind: given.kind, ref },
      write: async (transaction) => {
        await (transaction ?? this.pool).query(PERSON_ROWS_SQL, [ref, findingId, sealed, masterKeyId, wrappedKey]);
      },
    };
  }

  /** The person who raised a finding, opened with their data key (docs/rules.md#who-raised-a-finding). */
  read(findingId: string): Promise<StoredPerson<RaiserIdentity>> {
    return openSealedPerson(this.pool, this.keyring, LEDGER_PEOPLE_TABLES, findingId);
  }

  /** Crypto-shredding: deletes the data key of the person who raised the finding. Whether a key was deleted. */
  deleteKey(findingId: string, db: AppendTransaction | Pool = this.pool): Promise<boolean> {
    return deleteDataKey(db, LEDGER_PEOPLE_TABLES, findingId);
  }
}

/** Associated data of a sealed person: it opens only in its own row. */
export const personContext = (ref: string, findingId: string) => `ledger-person:${ref}:${findingId}`;
/** Associated data of a person's wrapped data key. */
export const personKeyContext = (ref: string, masterKeyId: string) => `ledger-person-key:${ref}:${masterKeyId}`;

/** The people store's tables (migration 1764700000100), as reading, erasure and the master-key rotation see them. */
export const LEDGER_PEOPLE_TABLES: SealedPeopleTables = {
  sealed: 'ledger_people',
  ownerColumn: 'finding_id',
  keys: 'ledger_person_keys',
  sealedContext: personContext,
  keyContext: personKeyContext,
  label: 'Ledger person data key',
  eraseKeyFunction: 'erase_raiser_data_key',
};
