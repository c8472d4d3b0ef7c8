import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { deterministicUuid } from '@app/event-store';
import { PG_POOL } from '@app/platform';

/** Who complained. Personal information (PIPL): never logged, never in events or unit-visible reads. */
export interface ComplainantIdentity {
  name: string;
  phone: string;
  enterprise: string | null;
}

/** Keeps complainant identities apart from the event log; the case stream holds only the reference. */
@Injectable()
export class ComplainantStore {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** The reference of a case's complainant: derived from the case id, so a retried filing reuses it. */
  referenceFor(caseId: string): string {
    return deterministicUuid(`complainant:${caseId}`);
  }

  /**
   * Stores the identity before the case is filed. A retry stores nothing new; if the filing then
   * fails, the row stays unreferenced (no case points to it) and is harmless.
   */
  async save(caseId: string, identity: ComplainantIdentity): Promise<string> {
    const ref = this.referenceFor(caseId);
    await this.pool.query(
      `INSERT INTO complainants (ref, case_id, name, phone, enterprise) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (ref) DO NOTHING`,
      [ref, caseId, identity.name, identity.phone, identity.enterprise],
    );
    return ref;
  }
}
