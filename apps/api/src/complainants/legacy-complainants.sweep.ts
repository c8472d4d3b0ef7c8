import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Pool } from 'pg';
import { caseStreamId, type ComplaintFiled } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { inTransaction, PG_POOL } from '@app/platform';
import { ComplainantIdentityStore } from './complainant-identity.store';

interface LegacyRow {
  ref: string;
  case_id: string;
  name: string;
  phone: string;
  enterprise: string | null;
}

/**
 * Empties the plaintext complainant table of before encryption (complainants_plaintext_legacy), once,
 * at the API's start: a row whose case was filed with its reference is sealed into the encrypted
 * tables under the same reference; a row with no such case (a filing that was refused after the row
 * was written — the old order) is an orphan and deleted. A row of a case that has an identity
 * already (or whose reference is taken) is deleted too, never sealed: a case's identity is never
 * replaced (it is `kept`). Each row in a transaction of its own, so an interrupted sweep goes on at
 * the next start. Works on either event store: the case is looked up through the EventStore port.
 *
 * Nothing writes the table any more: the application's role may only read and delete its rows
 * (migration 1765300000100), so its rows are those of versions before encryption.
 */
@Injectable()
export class LegacyComplainantsSweep implements OnApplicationBootstrap {
  private readonly logger = new Logger(LegacyComplainantsSweep.name);

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly identities: ComplainantIdentityStore,
  ) {}

  /** Never stops the start: with the database down, /health says so, and the next start sweeps. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      const { sealed, orphans, kept } = await this.sweep();
      if (sealed + orphans > 0) this.logger.log(`Plaintext complainant rows: ${sealed} encrypted, ${orphans} orphans deleted`);
      if (kept > 0)
        this.logger.warn(
          `Plaintext complainant rows: ${kept} deleted unsealed, their cases' identities kept (a case's identity is never replaced)`,
        );
    } catch (error) {
      this.logger.warn(`Plaintext complainant rows not swept (next start tries again): ${(error as Error).message}`);
    }
  }

  async sweep(): Promise<{ sealed: number; orphans: number; kept: number }> {
    let sealed = 0;
    let orphans = 0;
    let kept = 0;
    for (;;) {
      const { rows } = await this.pool.query<LegacyRow>(
        'SELECT ref, case_id, name, phone, enterprise FROM complainants_plaintext_legacy ORDER BY ref LIMIT 100',
      );
      if (rows.length === 0) return { sealed, orphans, kept };
      for (const row of rows) {
        if (await this.filedWith(row)) {
          const done = await this.seal(row);
          if (done === 'sealed') sealed++;
          else if (done === 'kept') kept++;
        } else {
          await this.pool.query('DELETE FROM complainants_plaintext_legacy WHERE ref = $1', [row.ref]);
          orphans++;
        }
      }
    }
  }

  /** Whether the row's case exists and its ComplaintFiled names this reference. */
  private async filedWith(row: LegacyRow): Promise<boolean> {
    const [first] = await this.store.readStream(caseStreamId(row.case_id), { maxCount: 1 });
    return first?.type === 'ComplaintFiled' && (first.data as ComplaintFiled['data']).complainant.ref === row.ref;
  }

  /** Seals the row, or deletes it alone when its case has an identity already (`kept`); `taken`: another instance did. */
  private async seal(row: LegacyRow): Promise<'sealed' | 'kept' | 'taken'> {
    const identity = { name: row.name, phone: row.phone, idNumber: null, enterprise: row.enterprise };
    const sealed = this.identities.seal(row.case_id, identity, row.ref);
    return inTransaction(this.pool, async (client) => {
      // Another instance starting at the same time may have taken the row already.
      const { rowCount } = await client.query('DELETE FROM complainants_plaintext_legacy WHERE ref = $1', [row.ref]);
      if (rowCount !== 1) return 'taken';
      const { rowCount: taken } = await client.query('SELECT 1 FROM complainant_identities WHERE case_id = $1 OR ref = $2', [
        row.case_id,
        row.ref,
      ]);
      if (taken) return 'kept';
      await this.identities.save(sealed, client);
      return 'sealed';
    });
  }
}
