-- Up Migration

-- The deadlines the scheduler watches, derived from the case events by the feeder. This table is
-- an index, not the truth: when a row falls due, the case decider decides from the case's own
-- stream whether the deadline really passed. So a row that is stale or late costs a no-op, never a
-- wrong DeadlinePassed.
CREATE TABLE scheduled_deadlines (
  -- `${caseId}:${unitId}:${kind}:${dueDate}`: one deadline, whatever event created it. Also the
  -- seed of the DeadlinePassed event id, which makes firing it idempotent.
  deadline_id     text          PRIMARY KEY,
  case_id         text          NOT NULL,
  unit_id         text          NOT NULL,
  kind            text          NOT NULL CHECK (kind IN ('sign_for', 'handling')),
  due_date        date          NOT NULL,
  -- The end of due_date in Beijing (midnight UTC+8 starting the next day).
  fire_at         timestamptz   NOT NULL,
  state           text          NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'fired', 'met', 'cancelled')),
  -- Global positions of the events that opened and closed the row. An event delivered again never
  -- reopens a row closed by a later event, nor closes a row opened by a later one. A genuinely later
  -- event does reopen it: a unit transferred away and back on the same day has the same deadline id.
  opened_position numeric(20,0) NOT NULL,
  closed_position numeric(20,0),
  -- A firing that fails for another reason than a concurrent write waits until retry_at, so one
  -- broken case cannot block the deadlines behind it.
  attempts        integer       NOT NULL DEFAULT 0,
  last_error      text,
  retry_at        timestamptz,
  -- Claimed by a firing instance until then (by the scheduler's clock). The claim commits at once:
  -- holding row locks while appending would give the firing transaction an id and hold back the
  -- event store's visibility horizon, stalling every subscriber. A crashed claimant's lease expires.
  claimed_until   timestamptz,
  created_at      timestamptz   NOT NULL DEFAULT now(),
  updated_at      timestamptz   NOT NULL DEFAULT now()
);

-- The firing loop's query: pending rows by due time.
CREATE INDEX scheduled_deadlines_due ON scheduled_deadlines (fire_at) WHERE state = 'pending';
-- The feeder closes a case's or a unit's open rows.
CREATE INDEX scheduled_deadlines_open_by_case ON scheduled_deadlines (case_id, unit_id) WHERE state = 'pending';

-- How far each feeder has read the global log (position of the last event applied; NULL = none).
-- numeric, because a KurrentDB commit position is an unsigned 64-bit number.
CREATE TABLE scheduler_checkpoints (
  name       text          PRIMARY KEY,
  position   numeric(20,0),
  updated_at timestamptz   NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE scheduler_checkpoints;
DROP TABLE scheduled_deadlines;
