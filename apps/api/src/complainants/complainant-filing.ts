import { Injectable } from '@nestjs/common';
import type { AppendTransaction } from '@app/event-store';
import { ComplainantIdentityStore, type ComplainantIdentity } from './complainant-identity.store';
import { newQueryCode } from './query-code';
import { QueryCodeStore } from './query-code.store';

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
 * The complainant's side of filing a complaint: the identity sealed under a new data key, a new
 * query code. Both are written with ComplaintFiled or not at all (AppendOptions.alongside), so a
 * refused filing leaves no row behind.
 */
@Injectable()
export class ComplainantFiling {
  constructor(
    private readonly identities: ComplainantIdentityStore,
    private readonly queryCodes: QueryCodeStore,
  ) {}

  prepare(caseId: string, given: ComplainantGiven): PreparedComplainant {
    const sealed = given.anonymous ? null : this.identities.seal(caseId, identityOf(given));
    const code = newQueryCode();
    return {
      ref: sealed?.ref ?? null,
      queryCode: code.display,
      write: async (transaction) => {
        const db = transaction ?? undefined;
        if (sealed) await this.identities.save(sealed, db);
        await this.queryCodes.issue(caseId, code, db);
      },
    };
  }
}

function identityOf(given: ComplainantGiven): ComplainantIdentity {
  // The request DTO requires a name and a phone unless anonymous.
  return { name: given.name!, phone: given.phone!, idNumber: given.idNumber ?? null, enterprise: given.enterprise ?? null };
}
