import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { AppendTransaction } from '@app/event-store';
import { PG_POOL } from '@app/platform';
import { parseQueryCode, queryCodeMatches, type QueryCode } from './query-code';

/** A hash no code has: compared against when no row matches, so a miss costs what a hit does. */
const NO_HASH = Buffer.alloc(32);

/** The query codes (查询码) of cases, as hashes: one per case, a new one replaces the old. */
@Injectable()
export class QueryCodeStore {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Stores the code's hash for the case, replacing its code (a reissue, in its access record's transaction). Filing writes its first code itself (ComplainantFiling). */
  async issue(caseId: string, code: QueryCode, db: AppendTransaction | Pool = this.pool): Promise<void> {
    await db.query(
      `INSERT INTO case_query_codes (case_id, selector, code_hash) VALUES ($1, $2, $3)
       ON CONFLICT (case_id) DO UPDATE SET selector = EXCLUDED.selector, code_hash = EXCLUDED.code_hash, issued_at = now()`,
      [caseId, code.selector, code.hash],
    );
  }

  /** The case a typed code belongs to, or null (a code that is malformed, unknown or replaced). */
  async caseOf(typed: string): Promise<string | null> {
    const code = parseQueryCode(typed);
    if (!code) return null;
    const { rows } = await this.pool.query<{ case_id: string; code_hash: Buffer }>(
      'SELECT case_id, code_hash FROM case_query_codes WHERE selector = $1',
      [code.selector],
    );
    let found: string | null = null;
    for (const row of rows) if (queryCodeMatches(code, row.code_hash)) found = row.case_id;
    if (rows.length === 0) queryCodeMatches(code, NO_HASH);
    return found;
  }
}
