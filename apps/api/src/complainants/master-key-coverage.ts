import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '@app/platform';
import { SEALED_PEOPLE_STORES } from './complainant-keys.command';
import { dataKeysByMasterKey } from './master-key-rotation';
import { MASTER_KEYRING, type MasterKeyring } from './master-keyring';

/**
 * Says at the API's start, once and at error level, when the database holds data keys wrapped by
 * master keys this process does not have: the identities they protect (complainants', raisers of
 * findings') cannot be read, so intake cannot make a return visit, and nothing else would say so
 * until someone tries. The usual cause is a development key file generated afresh beside a database
 * that already has identities (COMPLAINANT_MASTER_KEY_FILE pointing elsewhere, the file lost), or a
 * key left out of COMPLAINANT_MASTER_KEYS. The start goes on (every other part works without them)
 * and does not wait for the check.
 */
@Injectable()
export class MasterKeyCoverage implements OnApplicationBootstrap {
  private readonly logger = new Logger('ComplainantKeys');

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(MASTER_KEYRING) private readonly keyring: MasterKeyring,
  ) {}

  onApplicationBootstrap(): void {
    this.uncovered().then(
      (message) => message && this.logger.error(message),
      (error: unknown) => this.logger.warn(`Master keys not checked against the stored data keys: ${(error as Error).message}`),
    );
  }

  /** The message for the data keys no configured master key unwraps, or null when there are none. */
  async uncovered(): Promise<string | null> {
    const counts = await dataKeysByMasterKey(this.pool, SEALED_PEOPLE_STORES);
    const missing = Object.keys(counts).filter((id) => !this.keyring.byId(id));
    if (missing.length === 0) return null;
    const total = missing.reduce((sum, id) => sum + counts[id], 0);
    return (
      `${total} stored identities cannot be read: their data keys are wrapped by master keys this process does not have ` +
      `(${missing.map((id) => `${id}: ${counts[id]}`).join(', ')}; it has ${this.keyring.keys.map((k) => k.id).join(', ')}). ` +
      'Configure those keys (COMPLAINANT_MASTER_KEYS, or COMPLAINANT_MASTER_KEY_FILE naming the file that holds them); ' +
      '`npm run complainant-keys -- status` lists them'
    );
  }
}
