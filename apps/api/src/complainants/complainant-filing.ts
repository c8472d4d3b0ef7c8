import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { AppendTransaction } from '@app/event-store';
import { PG_POOL } from '@app/platform';
import { ComplainantIdentityStore, type ComplainantIdentity, type SealedIdentity } from './complainant-identity.store';
import { newQueryCode, type QueryCode } from './query-code';

/** The complainant as intake gives them at filing: who they are, unless anonymous. */
export type ComplainantGiven = { anonymous: boolean } & Partial<ComplainantIdentity>;

/** What filing keeps of the complainant, prepared before the case's append and written inside it. */
export interface PreparedComplainant {
  /** The reference ComplaintFiled records (null: anonymous). */
  ref: string | null;
  /** The query code (查询码) for the complainant, to be shown once. */
  queryCode: string;
  /** Writes the sealed identity and the code's hash: the append's `alongside`. */
  write(transaction: AppendTransaction | null): Promise<void>;
}

/**
 * A filing's rows in one statement, one round trip inside the append's transaction: the sealed
 * identity and its wrapped data key (as ComplainantIdentityStore.save writes them; none when
 * anonymous, `$1` null) and the query code's hash (as QueryCodeStore.issue does). The case is new, so
 * no code can be there yet. The data key's reference to its identity is checked at the end of the
 * statement, when both rows are in.
 */
const FILING_ROWS_SQL = `
  WITH identity AS (
    INSERT INTO complainant_identities (ref, case_id, sealed) SELECT $1::uuid, $2::uuid, $3::bytea WHERE $1::uuid IS NOT NULL
  ), data_key AS (
    INSERT INTO complainant_data_keys (ref, master_key_id, wrapped_key) SELECT $1::uuid, $4::text, $5::bytea WHERE $1::uuid IS NOT NULL
  )
  INSERT INTO case_query_codes (case_id, selector, code_hash) VALUES ($2::uuid, $6::text, $7::bytea)`;

/**
 * The complainant's side of filing a complaint: the identity sealed under a new data key, a new
 * query code. Both are written with ComplaintFiled or not at all (AppendOptions.alongside), so a
 * refused filing leaves no row behind.
 */
@Injectable()
export class ComplainantFiling {
  constructor(
    private readonly identities: ComplainantIdentityStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  prepare(caseId: string, given: ComplainantGiven): PreparedComplainant {
    const sealed = given.anonymous ? null : this.identities.seal(caseId, identityOf(given));
    const code = newQueryCode();
    return {
      ref: sealed?.ref ?? null,
      queryCode: code.display,
      write: async (transaction) => {
        await (transaction ?? this.pool).query(FILING_ROWS_SQL, filingRows(caseId, sealed, code));
      },
    };
  }
}

function identityOf(given: ComplainantGiven): ComplainantIdentity {
  // The request DTO requires a name and a phone unless anonymous.
  return { name: given.name!, phone: given.phone!, idNumber: given.idNumber ?? null, enterprise: given.enterprise ?? null };
}

function filingRows(caseId: string, sealed: SealedIdentity | null, code: QueryCode): unknown[] {
  return [
    sealed?.ref ?? null,
    caseId,
    sealed?.sealed ?? null,
    sealed?.masterKeyId ?? null,
    sealed?.wrappedKey ?? null,
    code.selector,
    code.hash,
  ];
}
