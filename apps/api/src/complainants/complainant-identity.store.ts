import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { AppendTransaction } from '@app/event-store';
import { PG_POOL } from '@app/platform';
import { MASTER_KEYRING, type MasterKeyring } from './master-keyring';
import { sealUnderOwnKey } from './sealed-box';
import { deleteDataKey, openSealedPerson, type SealedPeopleTables, type StoredPerson } from './sealed-people';

/**
 * Who complained (PIPL personal information): never logged, never in events, never in what units
 * or dashboards read. `enterprise`: the enterprise the complainant speaks for, its contact.
 */
export interface ComplainantIdentity {
  name: string;
  phone: string;
  /** 身份证号 (or a passport number), when given. */
  idNumber: string | null;
  enterprise: string | null;
}

/** An identity sealed for storage: what filing writes in the append's transaction. */
export interface SealedIdentity {
  ref: string;
  caseId: string;
  sealed: Buffer;
  masterKeyId: string;
  wrappedKey: Buffer;
}

/** A case's identity as the store can give it: opened, erased (its key deleted), or not stored. */
export type StoredIdentity = StoredPerson<ComplainantIdentity>;

type Queryable = AppendTransaction | Pool;

/**
 * The complainant store: each identity sealed (AES-256-GCM) under a data key of its own, the data
 * key wrapped by the current master key (docs/rules.md#complainant-confidentiality). Sealing is
 * done before the filing's transaction, writing inside it; reading opens the box again.
 */
@Injectable()
export class ComplainantIdentityStore {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(MASTER_KEYRING) private readonly keyring: MasterKeyring,
  ) {}

  /**
   * Seals an identity for a case under a new data key. A new reference is random: nothing about the
   * case (which units know) leads to it.
   */
  seal(caseId: string, identity: ComplainantIdentity, ref: string = randomUUID()): SealedIdentity {
    const master = this.keyring.current;
    const plaintext = Buffer.from(JSON.stringify(identity), 'utf8');
    return { ref, caseId, ...sealUnderOwnKey(master, plaintext, identityContext(ref, caseId), dataKeyContext(ref, master.id)) };
  }

  /** Writes a sealed identity and its wrapped key (the legacy sweep). Filing writes the same rows in its one statement (ComplainantFiling). */
  async save(sealed: SealedIdentity, db: Queryable = this.pool): Promise<void> {
    await db.query(`INSERT INTO complainant_identities (ref, case_id, sealed) VALUES ($1, $2, $3)`, [
      sealed.ref,
      sealed.caseId,
      sealed.sealed,
    ]);
    await db.query(`INSERT INTO complainant_data_keys (ref, master_key_id, wrapped_key) VALUES ($1, $2, $3)`, [
      sealed.ref,
      sealed.masterKeyId,
      sealed.wrappedKey,
    ]);
  }

  /** The identity of a case's complainant, opened with its data key. */
  read(caseId: string): Promise<StoredIdentity> {
    return openSealedPerson(this.pool, this.keyring, COMPLAINANT_TABLES, caseId);
  }

  /**
   * Crypto-shredding: deletes the case's data key, so its sealed identity can never be opened
   * again. Returns whether a key was deleted (false: none, or already gone).
   */
  deleteKey(caseId: string, db: Queryable = this.pool): Promise<boolean> {
    return deleteDataKey(db, COMPLAINANT_TABLES, caseId);
  }
}

/** Associated data of a sealed identity: it opens only in its own row. */
export const identityContext = (ref: string, caseId: string) => `complainant-identity:${ref}:${caseId}`;
/** Associated data of a wrapped data key: it opens only in its own row, under the master key named there. */
export const dataKeyContext = (ref: string, masterKeyId: string) => `complainant-data-key:${ref}:${masterKeyId}`;

/** The complainant store's tables (migration 1764000000400), as reading, erasure and the rotation see them. */
export const COMPLAINANT_TABLES: SealedPeopleTables = {
  sealed: 'complainant_identities',
  ownerColumn: 'case_id',
  keys: 'complainant_data_keys',
  sealedContext: identityContext,
  keyContext: dataKeyContext,
  label: 'Complainant data key',
  eraseKeyFunction: 'erase_complainant_data_key',
};
