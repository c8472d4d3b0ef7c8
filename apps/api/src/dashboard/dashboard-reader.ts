import type { Pool } from 'pg';
import type { LocalDate } from '@app/domain';
import { notReady } from '../common/projection-positions';
import { figuresOf, type DashboardFigures, type DashboardScope, type TrendInterval } from './dashboard-figures';
import { dashboardFiguresSql } from './dashboard-figures.sql';

/** The figures of one bucket of received dates, clipped to the period. */
export interface DashboardBucket {
  /** `2026-11-16` (day), `2026-W47` (ISO week, Monday start) or `2026-11` (month). */
  label: string;
  from: LocalDate;
  to: LocalDate;
  figures: DashboardFigures;
}

/**
 * Aggregates the dashboard read model for a scope: one bucket per `interval`, or one for the whole
 * period when `interval` is null. `today` is the Beijing date overdue and "due" are judged against.
 */
export async function readDashboardFigures(
  pool: Pool,
  scope: DashboardScope,
  interval: TrendInterval | null,
  today: LocalDate,
): Promise<DashboardBucket[]> {
  const { sql, params } = dashboardFiguresSql(scope, interval, today);
  try {
    const { rows } = await pool.query(sql, params);
    return rows.map((row) => ({
      label: row.label as string,
      from: row.bucket_from as string,
      to: row.bucket_to as string,
      figures: figuresOf(row),
    }));
  } catch (error) {
    // The projector has not built the read model yet (first start, or APP_ROLE=api alone).
    if ((error as { code?: string }).code === '42P01') throw notReady('dashboard', 'is not built yet');
    throw error;
  }
}
