import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { RaisedByReference, RaiserKind } from '@app/domain';
import type { AppendTransaction } from '@app/event-store';
import { PG_POOL } from '@app/platform';
import { MASTER_KEYRING, type MasterKeyring } from '../../complainants/master-keyring';
import { sealUnderOwnKey } from '../../complainants/sealed-box';

/**
 * Who raised a finding as intake gives it: a person (a CPPCC member or deputy, a citizen, an
 * inspector) by name and, if given, phone; an enterprise or an office by its name.
 */
export interface RaiserGiven {
  kind: RaiserKind;
  name: string;
  phone: string | null;
}

/** Raisers who are organisations: their name is no personal data, and is the reference itself. */
const ORGANISATIONS: readonly RaiserKind[] = ['enterprise', 'office'];

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
    if (ORGANISATIONS.includes(given.kind)) return { raisedBy: { kind: given.kind, ref: given.name }, write: async () => {} };
    const ref = randomUUID();
    const master = this.keyring.current;
    const plaintext = Buffer.from(JSON.stringify({ name: given.name, phone: given.phone }), 'utf8');
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
}

/** Associated data of a sealed person: it opens only in its own row. */
export const personContext = (ref: string, findingId: string) => `ledger-person:${ref}:${findingId}`;
/** Associated data of a person's wrapped data key. */
export const personKeyContext = (ref: string, masterKeyId: string) => `ledger-person-key:${ref}:${masterKeyId}`;
