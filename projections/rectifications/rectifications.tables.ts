import { readModelTable } from '../runner/read-model-table';
import { RECTIFICATION_MEASURES_TABLE } from './rectifications.reader';

/**
 * One row per measure (整改措施): its responsible unit and leader, the case's lead unit that planned
 * it, its due date, the stored status, how often it was reported and rejected, and the stream
 * version of the last event applied to it (each event is applied once).
 */
export const rectificationMeasuresTable = readModelTable(RECTIFICATION_MEASURES_TABLE, {
  columns: `
    case_id             uuid        NOT NULL,
    measure_id          text        NOT NULL,
    version             integer     NOT NULL,
    description         text        NOT NULL,
    responsible_unit_id text        NOT NULL,
    responsible_leader  text        NOT NULL,
    lead_unit_id        text        NOT NULL,
    due_date            date        NOT NULL,
    status              text        NOT NULL,
    times_reported      integer     NOT NULL DEFAULT 0,
    times_rejected      integer     NOT NULL DEFAULT 0,
    planned_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (case_id, measure_id)`,
  indexes: {
    due: '(due_date, case_id, measure_id)',
    responsible: '(responsible_unit_id)',
    lead: '(lead_unit_id)',
  },
});
