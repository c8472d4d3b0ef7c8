import { readModelTable } from '../runner/read-model-table';
import { ACCOUNTABILITY_REGISTER_TABLE } from './accountability.reader';

/**
 * One row per accountability decision (问责), against an organisation or a named official of a unit,
 * issued on a case or on a finding of the ledger (`holder_id`: the case's id or the finding's).
 */
export const accountabilityRegisterTable = readModelTable(ACCOUNTABILITY_REGISTER_TABLE, {
  columns: `
    holder_id         text        NOT NULL,
    case_id           uuid,
    finding_id        text,
    accountability_id text        NOT NULL,
    target_kind       text        NOT NULL,
    unit_id           text        NOT NULL,
    person_name       text,
    person_position   text,
    forms             text[]      NOT NULL,
    basis_facts       text        NOT NULL,
    basis_rule        text        NOT NULL,
    issued_at         timestamptz NOT NULL,
    issued_year       integer     NOT NULL,
    issued_by         text        NOT NULL,
    PRIMARY KEY (holder_id, accountability_id)`,
  indexes: {
    issued: '(issued_at DESC, holder_id, accountability_id)',
    year_unit: '(issued_year, unit_id)',
    forms: 'USING gin (forms)',
  },
});
