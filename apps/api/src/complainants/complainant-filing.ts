import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { AppendOptions } from '@app/event-store';
import { PG_POOL } from '@app/platform';
import { documentNumberAsKept } from '../common/identity-number';
import { ComplainantIdentityStore, type ComplainantIdentity, type SealedIdentity } from './complainant-identity.store';
import { newQueryCode, type QueryCode } from './query-code';

/** The complainant as intake gives them at filing: who they are, unless anonymous. */
export type ComplainantGiven = { anonymous: boolean } & Partial<ComplainantIdentity>;

/** What filing keeps of the complainant, prepared before the case's append and written with it. */
export interface PreparedComplainant {
  /** The reference ComplaintFiled records (null: anonymous). */
  ref: string | null;
  /** The query code (查询码) for the complainant, to be shown once. */
  queryCode: string;
  /** Whether the rows were written with newly appended events (false until then, and for a retry that found them). */
  readonly written: boolean;
  /** The sealed identity and the code's hash, for the append: as one statement, or written in its transaction. */
  rows: Pick<AppendOptions, 'alongside' | 'alongsideStatement'>;
}

/**
 * A filing's rows in one statement: the sealed identity and its wrapped data key (as
 * ComplainantIdentityStore.save writes them; none when anonymous, the ref null) and the query
 * code's hash (as QueryCodeStore.issue does). The case is new, so no code can be there yet. The data
 * key's reference to its identity is checked at the end of the statement, when both rows are in.
 * Its one parameter is a jsonb array (AlongsideStatement), byte strings in base64, in the order
 * of `filingRows`: PostgreSQL runs it inside the append's own statement (one round trip); another
 * store's append is followed by it. The INSERTs are those of a function (migration
 * 1764800000300_filing-rows-function.sql), planned once per connection, where the same INSERTs
 * sent as text were planned again at every filing.
 */
const FILING_ROWS_SQL = 'SELECT write_filing_rows($1::jsonb)';

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
    const args = filingRows(caseId, sealed, code);
    let written = false;
    return {
      ref: sealed?.ref ?? null,
      queryCode: code.display,
      get written() {
        return written;
      },
      rows: {
        alongsideStatement: { sql: FILING_ROWS_SQL, args, written: () => (written = true) },
        alongside: async (transaction) => {
          await (transaction ?? this.pool).query(FILING_ROWS_SQL, [JSON.stringify(args)]);
          written = true;
        },
      },
    };
  }
}

function identityOf(given: ComplainantGiven): ComplainantIdentity {
  // The request DTO requires a name and a phone unless anonymous.
  const idNumber = given.idNumber ? documentNumberAsKept(given.idNumber) : null;
  return { name: given.name!, phone: given.phone!, idNumber, enterprise: given.enterprise ?? null };
}

function filingRows(caseId: string, sealed: SealedIdentity | null, code: QueryCode): unknown[] {
  const base64 = (bytes: Buffer | null | undefined) => bytes?.toString('base64') ?? null;
  return [
    sealed?.ref ?? null,
    caseId,
    base64(sealed?.sealed),
    sealed?.masterKeyId ?? null,
    base64(sealed?.wrappedKey),
    code.selector,
    base64(code.hash),
  ];
}
