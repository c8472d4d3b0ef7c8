import type { ProjectionTable } from '../runner/projection';
import { readModelTable } from '../runner/read-model-table';
import {
  DASHBOARD_ACCOUNTABILITY_TABLE,
  DASHBOARD_CASE_UNITS_TABLE,
  DASHBOARD_CASES_TABLE,
  DASHBOARD_COUNTS_TABLE,
  DASHBOARD_FINDING_ACCOUNTABILITY_TABLE,
  DASHBOARD_MEASURES_TABLE,
  DASHBOARD_PENDING_TABLE,
} from './dashboard.reader';
import { DASHBOARD_COUNTERS } from './dashboard-figures';

/**
 * The dashboard's facts (领导看板): what each case, each dispatch, each rectification measure and each
 * accountability decision (on a case or on a finding of the ledger) was and when, as dates in
 * Beijing; and what they add up to per day and
 * month of receipt, category, channel and unit (dashboard-counts.ts), which the queries sum for any
 * period and filter. No complainant data and no free text: only codes, unit ids and dates.
 */
export const DASHBOARD_TABLES: readonly ProjectionTable[] = [
  // One row per case (案件).
  readModelTable(DASHBOARD_CASES_TABLE, {
    columns: `
      case_id            uuid    PRIMARY KEY,
      -- the stream version last applied: every event is applied once (idempotency guard)
      version            integer NOT NULL,
      channel            text    NOT NULL,
      category           text    NOT NULL,
      urgency            text    NOT NULL,
      complained_unit_id text    NOT NULL,
      received_on        date    NOT NULL,
      -- filed | accepted | rejected | in_progress | closed
      status             text    NOT NULL,
      accepted_on        date,
      rejected_on        date,
      -- the active lead unit (主办) and its handling due date in the current round; null while none
      lead_unit_id       text,
      handling_due       date,
      -- the lead's handling deadline of each round: due date and the complete report's instant
      -- (HandlingRound[] of libs/domain), and what the deadline rule makes of them, as instants a
      -- query compares with its as-of instant: from when some round is missed (null: all met), and
      -- from when the current round, not yet reported, is late (null: reported, or no lead); json,
      -- not jsonb: read back whole, never queried inside (jsonb's input builds a binary document)
      handling_rounds      json  NOT NULL DEFAULT '[]',
      handling_missed_from timestamptz,
      open_late_from       timestamptz,
      -- the first handling report of any lead, in any round: the case has been handled (reopen rate)
      handled_on         date,
      round              integer NOT NULL DEFAULT 1,
      reopen_count       integer NOT NULL DEFAULT 0,
      -- the latest return visit (回访), whatever the round
      visits             integer NOT NULL DEFAULT 0,
      last_visit         text,
      last_visit_on      date,
      closed_on          date,
      -- the counters the row moves, as bits (countedBits, dashboard-counts.ts): what a figure's list skips in SQL
      counted            integer NOT NULL DEFAULT 0`,
    // With the case id, in the order a figure's list reads (figure-rows.ts): a page stops after its rows.
    indexes: {
      received: '(received_on, case_id)',
      lead: '(lead_unit_id, received_on, case_id)',
    },
  }),
  // One row per dispatch of a unit to a case (交办 or 改派 to it), for the response rate.
  readModelTable(DASHBOARD_CASE_UNITS_TABLE, {
    columns: `
      case_id          uuid    NOT NULL,
      -- the stream version of the UnitNotified / CaseTransferred that put the unit on the case
      notified_version integer NOT NULL,
      unit_id          text    NOT NULL,
      role             text    NOT NULL,
      notified_on      date    NOT NULL,
      sign_for_due     date    NOT NULL,
      acknowledged_on  date,
      -- the deadline rule (libs/domain): signed for on or before sign_for_due; and from when, unsigned, it is late
      signed_in_time     boolean,
      sign_for_late_from timestamptz NOT NULL,
      -- when the unit stopped holding the case before the end: disputed (退单) or transferred (改派) away
      ended_on         date,
      ended_by         text,
      -- the counters the row moves, as bits (countedBits, dashboard-counts.ts): what a figure's list skips in SQL
      counted          integer NOT NULL DEFAULT 0,
      PRIMARY KEY (case_id, notified_version)`,
    indexes: { unit: '(unit_id)' },
  }),
  // One row per rectification measure (整改措施).
  readModelTable(DASHBOARD_MEASURES_TABLE, {
    columns: `
      case_id             uuid NOT NULL,
      measure_id          text NOT NULL,
      responsible_unit_id text NOT NULL,
      planned_on          date NOT NULL,
      due_date            date NOT NULL,
      -- planned | reported | verified | rejected
      status              text NOT NULL,
      reported_on         date,
      verified_on         date,
      PRIMARY KEY (case_id, measure_id)`,
    indexes: { unit: '(responsible_unit_id)' },
  }),
  // One row per form of each accountability decision (问责): forms can be combined.
  readModelTable(DASHBOARD_ACCOUNTABILITY_TABLE, {
    columns: `
      case_id           uuid NOT NULL,
      accountability_id text NOT NULL,
      form              text NOT NULL,
      target_kind       text NOT NULL,
      target_unit_id    text NOT NULL,
      issued_on         date NOT NULL,
      PRIMARY KEY (case_id, accountability_id, form)`,
    indexes: { unit: '(target_unit_id)' },
  }),
  // One row per accountability decision (问责) issued on a finding of the ledger (问题), with the forms
  // it combined: counted on the day it was issued, with no category or channel (finding-accountability.ts).
  readModelTable(DASHBOARD_FINDING_ACCOUNTABILITY_TABLE, {
    columns: `
      finding_id        text   NOT NULL,
      accountability_id text   NOT NULL,
      forms             text[] NOT NULL,
      target_kind       text   NOT NULL,
      target_unit_id    text   NOT NULL,
      issued_on         date   NOT NULL,
      PRIMARY KEY (finding_id, accountability_id)`,
  }),
  // The counters of each cohort: per day ('d') and month ('m', bucket = its first day) of receipt,
  // category, channel and unit (the unit each figure answers for; '*' all units). Accountability on a
  // finding counts on its day of issue with category and channel '' (LEDGER_COHORT_CODE).
  readModelTable(DASHBOARD_COUNTS_TABLE, {
    columns: `
      unit_id  text NOT NULL,
      level    text NOT NULL,
      bucket   date NOT NULL,
      category text NOT NULL,
      channel  text NOT NULL,
      ${DASHBOARD_COUNTERS.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(',\n      ')},
      PRIMARY KEY (unit_id, level, bucket, category, channel)`,
  }),
  // Of the counters that count from an instant on (PENDING_COUNTERS), how many reach it at `at`; the
  // reader takes away those after its as-of instant. Per day of receipt; unit '' for a case with no lead.
  readModelTable(DASHBOARD_PENDING_TABLE, {
    columns: `
      at          timestamptz NOT NULL,
      counter     text        NOT NULL,
      received_on date        NOT NULL,
      category    text        NOT NULL,
      channel     text        NOT NULL,
      unit_id     text        NOT NULL,
      n           integer     NOT NULL,
      PRIMARY KEY (at, counter, received_on, category, channel, unit_id)`,
  }),
];
