import type { ProjectionTable } from '../runner/projection';
import { readModelTable } from '../runner/read-model-table';
import {
  APPRAISAL_ACCOUNTABILITY_TABLE,
  APPRAISAL_CASE_FACTS_TABLE,
  APPRAISAL_INPUT_EVENTS_TABLE,
  APPRAISAL_OPEN_DEADLINES_TABLE,
  APPRAISAL_SCHEMES_TABLE,
  APPRAISAL_UNIT_TALLIES_TABLE,
  APPRAISAL_UNITS_TABLE,
  TALLY_COUNTERS,
} from './appraisal.reader';

/**
 * The appraisal read model's tables. They keep facts and counts, not scores: the API evaluates them
 * with the domain's scheme evaluation at query time, so a scheme published later applies at once and
 * every point stays traceable to the events (`*_event` columns hold `{eventId, streamId, streamVersion}`).
 * The year's table is scored from the per-unit tallies; one unit's breakdown from its case rows.
 */
export const APPRAISAL_TABLES: readonly ProjectionTable[] = [
  // The unit registry as far as appraisal needs it: which units, of which kind (部门, 街镇, 窗口).
  readModelTable(APPRAISAL_UNITS_TABLE, {
    columns: `
      unit_id     text        PRIMARY KEY,
      name        text        NOT NULL,
      kind        text        NOT NULL,
      status      text        NOT NULL,
      retired_at  timestamptz,
      version     integer     NOT NULL`,
  }),
  // Every event of the appraisal-inputs streams, as recorded: the evaluation folds them in stream order.
  readModelTable(APPRAISAL_INPUT_EVENTS_TABLE, {
    columns: `
      event_id       text        PRIMARY KEY,
      stream_id      text        NOT NULL,
      stream_version integer     NOT NULL,
      unit_id        text        NOT NULL,
      year           integer     NOT NULL,
      type           text        NOT NULL,
      data           jsonb       NOT NULL,
      recorded_at    timestamptz NOT NULL`,
    indexes: { year_unit: '(year, unit_id, stream_version)' },
  }),
  // One row per case: what it counts for its lead unit (主办) in the year it was received (Beijing).
  // Its events and rounds are json, not jsonb: read back whole, never queried inside, and jsonb's
  // input builds a binary document of each (a rebuild's writes of these rows: 2.6 times the cost).
  readModelTable(APPRAISAL_CASE_FACTS_TABLE, {
    columns: `
      case_id            text    PRIMARY KEY,
      version            integer NOT NULL,
      year               integer NOT NULL,
      lead_unit_id       text,
      lead_event         json,
      sign_for_due       date,
      acknowledged_on    date,
      acknowledged_event json,
      closed_event       json,
      -- the handling deadline of each round: due date, complete report instant, the events (HandlingRound[])
      handling_rounds    json    NOT NULL DEFAULT '[]',
      visit_satisfaction text,
      visit_event        json,
      reopenings         json    NOT NULL DEFAULT '[]'`,
    // A unit's cases of a year, in the case-id order the breakdown pages them in (appraisal.reader.ts).
    indexes: { year_lead: '(year, lead_unit_id, case_id)' },
  }),
  // Per unit and year, what the cases it leads add up to (the domain's caseTally, summed as the case
  // rows change, unit-tallies.ts): cases led, each indicator's numerator and denominator, overdue
  // cases (超期) whose act came late or with an open round, and accountability decisions.
  readModelTable(APPRAISAL_UNIT_TALLIES_TABLE, {
    columns: `
      unit_id text    NOT NULL,
      year    integer NOT NULL,
      ${TALLY_COUNTERS.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(',\n      ')},
      PRIMARY KEY (year, unit_id)`,
  }),
  // The cases of overdue_open by the instant their open round makes them overdue (the end of its due
  // day in Beijing): the reader takes away those not yet reached, so a row's count may fall to 0.
  readModelTable(APPRAISAL_OPEN_DEADLINES_TABLE, {
    columns: `
      unit_id   text        NOT NULL,
      year      integer     NOT NULL,
      late_from timestamptz NOT NULL,
      cases     integer     NOT NULL,
      PRIMARY KEY (year, late_from, unit_id)`,
  }),
  // One row per accountability (问责) issued, against the unit of its target, in the year issued
  // (Beijing): on a case (case_id) or on a finding of the ledger (finding_id), exactly one of them.
  readModelTable(APPRAISAL_ACCOUNTABILITY_TABLE, {
    columns: `
      event_id          text    PRIMARY KEY,
      stream_id         text    NOT NULL,
      stream_version    integer NOT NULL,
      accountability_id text    NOT NULL,
      case_id           text,
      finding_id        text,
      unit_id           text    NOT NULL,
      year              integer NOT NULL,
      forms             text[]  NOT NULL,
      CHECK ((case_id IS NULL) <> (finding_id IS NULL))`,
    indexes: { year_unit: '(year, unit_id)' },
  }),
  // The latest published scheme of each year (none: the default is in force).
  readModelTable(APPRAISAL_SCHEMES_TABLE, {
    columns: `
      year           integer PRIMARY KEY,
      revision       integer NOT NULL,
      scheme         jsonb   NOT NULL,
      event_id       text    NOT NULL,
      stream_id      text    NOT NULL,
      stream_version integer NOT NULL`,
  }),
];
