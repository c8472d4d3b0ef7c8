import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import { APP_CONFIG, PG_POOL, type AppConfig } from '@app/platform';
import { MASTER_KEYRING, type MasterKeyring } from '../../complainants/master-keyring';
import { isFingerprintOf, requestFingerprint, type FingerprintedRequest } from './request-fingerprint';

/** What a command's first execution answered, replayed to retries. */
export interface StoredResponse {
  statusCode: number;
  body: unknown;
  headers: Record<string, string>;
}

/** A claim this request holds: its key, and its lease's end as the database wrote it (what `release` forgets, and only that). */
export interface HeldClaim {
  actorId: string;
  key: string;
  lease: string;
}

export type Claim =
  | { outcome: 'claimed'; held: HeldClaim }
  | { outcome: 'replay'; response: StoredResponse }
  | { outcome: 'in_progress' }
  | { outcome: 'key_reused' };

/** How long a pending claim blocks retries before one may take over (a crashed first attempt). */
const LEASE_SECONDS = 30;
/** How often a release the database did not take is tried again (release). */
export const RELEASE_RETRY_MS = 1_000;

/**
 * The condition under which a record is past its retention (`hours`, a parameter): made longer ago
 * than that, and not a claim whose command may still be running (a pending one with its lease).
 */
export const PAST_RETENTION = (table: string, hours: string) =>
  `${table}.created_at < now() - make_interval(hours => ${hours}) AND (${table}.state = 'completed' OR ${table}.locked_until < now())`;

/** Idempotency-Key records in PostgreSQL: claim, then complete or release. */
@Injectable()
export class IdempotencyStore implements OnApplicationShutdown {
  /** Releases waiting to be tried again (release): stopped at shutdown. */
  private readonly retries = new Set<NodeJS.Timeout>();

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(MASTER_KEYRING) private readonly keyring: MasterKeyring,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'idempotencyRetentionHours'>,
  ) {}

  /**
   * Claims the key for this request (method, URL and body). A concurrent duplicate
   * sees `in_progress`; a key used before for a different request sees `key_reused`; an expired
   * pending claim is taken over. The record keeps a keyed fingerprint of the request, never the request.
   * A record older than the retention (IDEMPOTENCY_RETENTION_HOURS) counts as absent whether or not
   * the sweep has deleted it yet (IdempotencyRetention): it is claimed afresh, for any request.
   */
  async claim(actorId: string, key: string, request: FingerprintedRequest): Promise<Claim> {
    const requestHash = requestFingerprint(this.keyring, request);
    const inserted = await this.pool.query(
      `INSERT INTO idempotency_keys (actor_id, idempotency_key, request_hash, state, locked_until)
       VALUES ($1, $2, $3, 'pending', now() + make_interval(secs => $4))
       ON CONFLICT (actor_id, idempotency_key) DO UPDATE
          SET request_hash = EXCLUDED.request_hash, state = 'pending', locked_until = EXCLUDED.locked_until,
              created_at = now(), completed_at = NULL, status_code = NULL, response_body = NULL, response_headers = NULL
        WHERE ${PAST_RETENTION('idempotency_keys', '$5')}
       RETURNING to_json(locked_until) #>> '{}' AS lease`,
      [actorId, key, requestHash, LEASE_SECONDS, this.config.idempotencyRetentionHours],
    );
    if (inserted.rowCount === 1) return { outcome: 'claimed', held: { actorId, key, lease: inserted.rows[0].lease } };
    const { rows } = await this.pool.query(
      `SELECT request_hash, state, status_code, response_body, response_headers, locked_until < now() AS expired
         FROM idempotency_keys WHERE actor_id = $1 AND idempotency_key = $2`,
      [actorId, key],
    );
    const row = rows[0];
    if (!row) return this.claim(actorId, key, request); // released between our two statements
    if (!isFingerprintOf(this.keyring, row.request_hash, request)) return { outcome: 'key_reused' };
    if (row.state === 'completed') {
      return { outcome: 'replay', response: { statusCode: row.status_code, body: row.response_body, headers: row.response_headers ?? {} } };
    }
    if (!row.expired) return { outcome: 'in_progress' };
    const taken = await this.pool.query(
      `UPDATE idempotency_keys SET locked_until = now() + make_interval(secs => $3)
        WHERE actor_id = $1 AND idempotency_key = $2 AND state = 'pending' AND locked_until < now()
        RETURNING to_json(locked_until) #>> '{}' AS lease`,
      [actorId, key, LEASE_SECONDS],
    );
    return taken.rowCount === 1 ? { outcome: 'claimed', held: { actorId, key, lease: taken.rows[0].lease } } : { outcome: 'in_progress' };
  }

  async complete(actorId: string, key: string, response: StoredResponse): Promise<void> {
    await this.pool.query(
      `UPDATE idempotency_keys
          SET state = 'completed', status_code = $3, response_body = $4, response_headers = $5, completed_at = now()
        WHERE actor_id = $1 AND idempotency_key = $2`,
      [actorId, key, response.statusCode, JSON.stringify(response.body), JSON.stringify(response.headers)],
    );
  }

  /**
   * Forgets a claim whose command failed, so a retry runs the command again. The failure may be the
   * database's (a restart: the client is told 503, retry later); then the claim cannot be forgotten
   * now, and a retry would be told IDEMPOTENCY_KEY_IN_PROGRESS until its lease ran out, 30 s for a
   * command that no longer runs. So it is tried again every RELEASE_RETRY_MS until the database
   * takes it or the lease has run out. Only this claim is forgotten (its lease), never one a retry
   * took over since.
   */
  async release(held: HeldClaim): Promise<void> {
    try {
      await this.forget(held);
    } catch {
      this.releaseLater(held);
    }
  }

  onApplicationShutdown(): void {
    for (const timer of this.retries) clearTimeout(timer);
    this.retries.clear();
  }

  private releaseLater(held: HeldClaim): void {
    if (Date.parse(held.lease) <= Date.now()) return;
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      this.forget(held).catch(() => this.releaseLater(held));
    }, RELEASE_RETRY_MS);
    timer.unref();
    this.retries.add(timer);
  }

  private async forget({ actorId, key, lease }: HeldClaim): Promise<void> {
    await this.pool.query(
      `DELETE FROM idempotency_keys
        WHERE actor_id = $1 AND idempotency_key = $2 AND state = 'pending' AND locked_until = $3::timestamptz`,
      [actorId, key, lease],
    );
  }
}

/**
 * Forgets every Idempotency-Key record whose answer names this case or finding: an erasure
 * (crypto-shredding) leaves nothing from which its person could be confirmed, not even a keyed
 * fingerprint of the filing's body. A retry of one of those commands after it runs the command again;
 * the ids it derives from its key make it find what it made, never make a second one.
 */
export async function forgetAnswersAbout(db: Pick<Pool, 'query'>, id: string): Promise<void> {
  await db.query(`DELETE FROM idempotency_keys WHERE response_body->>'id' = $1`, [id]);
}
