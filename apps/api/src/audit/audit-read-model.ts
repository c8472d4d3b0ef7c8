import type { Pool } from 'pg';
import { auditProjection } from '@app/projections/audit/audit.projection';
import { notReady } from '../common/projection-positions';

/** The projection that builds the `audit_events` view. */
export const AUDIT_PROJECTION = auditProjection.name;

/**
 * Runs a query on the audit read model; before the projector has built it (first start, or
 * APP_ROLE=api alone) that is 503 PROJECTION_NOT_READY, not a 500.
 */
export async function queryAuditLog(pool: Pool, sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  try {
    return (await pool.query(sql, params)).rows;
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') throw notReady(AUDIT_PROJECTION, 'is not built yet');
    throw error;
  }
}
