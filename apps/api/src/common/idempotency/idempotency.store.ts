import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '@app/platform';

/** What a command's first execution answered, replayed to retries. */
export interface StoredResponse {
  statusCode: number;
  body: unknown;
  headers: Record<string, string>;
}

export type Claim =
  { outcome: 'claimed' } | { outcome: 'replay'; response: StoredResponse } | { outcome: 'in_progress' } | { outcome: 'key_reused' };

/** How long a pending claim blocks retries before one may take over (a crashed first attempt). */
const LEASE_SECONDS = 30;

/** Idempotency-Key records in PostgreSQL: claim, then complete or release. */
@Injectable()
export class IdempotencyStore {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * Claims the key for this request. A concurrent duplicate sees `in_progress`; a key used before
   * for a different request sees `key_reused`; an expired pending claim is taken over.
   */
  async claim(actorId: string, key: string, requestHash: string): Promise<Claim> {
    const inserted = await this.pool.query(
      `INSERT INTO idempotency_keys (actor_id, idempotency_key, request_hash, state, locked_until)
       VALUES ($1, $2, $3, 'pending', now() + make_interval(secs => $4))
       ON CONFLICT DO NOTHING`,
      [actorId, key, requestHash, LEASE_SECONDS],
    );
    if (inserted.rowCount === 1) return { outcome: 'claimed' };
    const { rows } = await this.pool.query(
      `SELECT request_hash, state, status_code, response_body, response_headers, locked_until < now() AS expired
         FROM idempotency_keys WHERE actor_id = $1 AND idempotency_key = $2`,
      [actorId, key],
    );
    const row = rows[0];
    if (!row) return this.claim(actorId, key, requestHash); // released between our two statements
    if (row.request_hash !== requestHash) return { outcome: 'key_reused' };
    if (row.state === 'completed') {
      return { outcome: 'replay', response: { statusCode: row.status_code, body: row.response_body, headers: row.response_headers ?? {} } };
    }
    if (!row.expired) return { outcome: 'in_progress' };
    const taken = await this.pool.query(
      `UPDATE idempotency_keys SET locked_until = now() + make_interval(secs => $3)
        WHERE actor_id = $1 AND idempotency_key = $2 AND state = 'pending' AND locked_until < now()`,
      [actorId, key, LEASE_SECONDS],
    );
    return taken.rowCount === 1 ? { outcome: 'claimed' } : { outcome: 'in_progress' };
  }

  async complete(actorId: string, key: string, response: StoredResponse): Promise<void> {
    await this.pool.query(
      `UPDATE idempotency_keys
          SET state = 'completed', status_code = $3, response_body = $4, response_headers = $5, completed_at = now()
        WHERE actor_id = $1 AND idempotency_key = $2`,
      [actorId, key, response.statusCode, JSON.stringify(response.body), JSON.stringify(response.headers)],
    );
  }

  /** Forgets a claim whose command failed, so a retry runs the command again. */
  async release(actorId: string, key: string): Promise<void> {
    await this.pool.query(`DELETE FROM idempotency_keys WHERE actor_id = $1 AND idempotency_key = $2 AND state = 'pending'`, [
      actorId,
      key,
    ]);
  }
}
