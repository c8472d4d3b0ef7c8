import { readModelTable } from '../runner/read-model-table';
import { OVERDUE_CASES_TABLE, OVERDUE_DEADLINES_TABLE } from './overdue.reader';

/**
 * `overdue_cases`: one row per case, what the list shows of it (no complainant data) and the stream
 * version applied last, which makes every handler of the projection apply an event at most once.
 */
export const overdueCasesTable = readModelTable(OVERDUE_CASES_TABLE, {
  columns: `
    case_id  uuid    PRIMARY KEY,
    version  integer NOT NULL,
    title    text    NOT NULL,
    category text    NOT NULL,
    urgency  text    NOT NULL,
    round    integer NOT NULL DEFAULT 1,
    -- the members every item of the case shows, as JSON without braces (overdue.item.ts)
    item_members text NOT NULL`,
});

/**
 * `overdue_deadlines`: one row per case, unit and deadline kind (签收 sign_for / 办结 handling). A row
 * is `open` while the deadline is neither met (signed for, handling reported) nor withdrawn (the
 * unit disputed the dispatch or was transferred away, the case closed). Whether an open deadline is
 * a red or a yellow card depends on today's date, so the query decides that, not the projection.
 * Supervision and extension count from when the deadline was set (notification, transfer or
 * reopening): a new deadline starts a new escalation.
 */
export const overdueDeadlinesTable = readModelTable(OVERDUE_DEADLINES_TABLE, {
  columns: `
    case_id                uuid        NOT NULL,
    unit_id                text        NOT NULL,
    kind                   text        NOT NULL,
    unit_role              text        NOT NULL,
    responsible_leader     text        NOT NULL,
    due_date               date        NOT NULL,
    round                  integer     NOT NULL,
    open                   boolean     NOT NULL,
    deadline_passed        boolean     NOT NULL DEFAULT false,
    supervision_count      integer     NOT NULL DEFAULT 0,
    supervision_level      text,
    last_supervised_at     timestamptz,
    extension_times        integer     NOT NULL DEFAULT 0,
    extension_working_days integer     NOT NULL DEFAULT 0,
    due_before_extension   date,
    -- while open: the members its item shows, as JSON without braces (overdue.item.ts); closed: null
    item_members           text,
    PRIMARY KEY (case_id, unit_id, kind)`,
  indexes: {
    open_due: '(due_date, case_id, unit_id, kind) WHERE open',
    open_unit: '(unit_id, due_date) WHERE open',
  },
});
