import { readModelTable } from '../runner/read-model-table';
import { CASE_LIST_TABLE } from './case-list.reader';

/** One row per case with what lists filter and sort on; no complainant data (units read this). */
export const caseListTable = readModelTable(CASE_LIST_TABLE, {
  columns: `
    case_id            uuid        PRIMARY KEY,
    version            integer     NOT NULL,
    status             text        NOT NULL,
    channel            text        NOT NULL,
    category           text        NOT NULL,
    urgency            text        NOT NULL,
    title              text        NOT NULL,
    complained_unit_id text        NOT NULL,
    lead_unit_id       text,
    unit_ids           text[]      NOT NULL DEFAULT '{}',
    received_at        timestamptz NOT NULL,
    sign_for_due       date,
    handling_due       date,
    extended           boolean     NOT NULL DEFAULT false,
    -- the lead's handling deadline of each round (due date, act instant): HandlingRound[] of libs/domain;
    -- json, not jsonb: read back whole, never queried inside (jsonb's input builds a binary document)
    handling_rounds    json        NOT NULL DEFAULT '[]',
    -- from when the case is overdue by those facts (roundsMissedFrom); null: every round met
    handling_missed_from timestamptz,
    round              integer     NOT NULL DEFAULT 1,
    closed_at          timestamptz,
    updated_at         timestamptz NOT NULL,
    -- the item a page shows, as JSON up to the value of its last member, overdue (case-list.item.ts)
    item_json          text        NOT NULL`,
  indexes: {
    // In the order of the pages (received_at, case_id), both descending: a page is a walk of the
    // index either way (received_asc backwards). With case_id ascending, cases received at the same
    // instant were all read and sorted for every page (an incremental sort).
    received: '(received_at DESC, case_id DESC)',
    units: 'USING gin (unit_ids)',
    status: '(status)',
  },
});
