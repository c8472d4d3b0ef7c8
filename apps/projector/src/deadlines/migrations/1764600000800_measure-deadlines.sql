-- Up Migration

-- Measure deadlines (docs/ledger.md, "How deadlines and cards are shared"): a measure's due date
-- (`measure_due`) and its 回头看 date (`recheck`), in the stream that holds the measure, a case's or a
-- finding's. The same table, firer and feeder checkpoint as the units' deadlines: a row now names its
-- stream (`stream_id`) and, for a measure's, the measure (`measure_id`). Migrates in place: every row
-- there is a unit's deadline of a case, and keeps its id (the seed of its DeadlinePassed event id).
ALTER TABLE scheduled_deadlines ADD COLUMN stream_id text, ADD COLUMN measure_id text;
UPDATE scheduled_deadlines SET stream_id = 'case-' || case_id;
ALTER TABLE scheduled_deadlines
  ALTER COLUMN stream_id SET NOT NULL,
  -- A finding's measure deadline belongs to no case.
  ALTER COLUMN case_id DROP NOT NULL,
  -- A re-check or a reopened due date takes its unit from the measure's earlier rows; null if none.
  ALTER COLUMN unit_id DROP NOT NULL,
  DROP CONSTRAINT scheduled_deadlines_kind_check,
  ADD CONSTRAINT scheduled_deadlines_kind_check CHECK (kind IN ('sign_for', 'handling', 'measure_due', 'recheck')),
  -- A unit's deadline is a case's and names its unit; a measure's names its measure.
  ADD CONSTRAINT scheduled_deadlines_shape CHECK (
    CASE WHEN kind IN ('sign_for', 'handling')
         THEN measure_id IS NULL AND case_id IS NOT NULL AND unit_id IS NOT NULL
         ELSE measure_id IS NOT NULL END);

-- The feeder closes and reopens a measure's rows, and looks up its unit.
CREATE INDEX scheduled_deadlines_by_measure ON scheduled_deadlines (stream_id, measure_id) WHERE measure_id IS NOT NULL;

-- The feeder's batch function, with the measure changes (deadline-changes.ts says what they mean):
--   {"position", "type": "open", "deadline_id", "stream_id", "case_id"?, "unit_id"?, "measure_id"?, "kind", "due_date", "fire_at"}
--   {"position", "type": "close", "case_id", "unit_id"?, "kind"?, "due_date"?, "state", "met_at"?}: a case's unit deadlines only
--   {"position", "type": "close_measure", "stream_id", "measure_id"?, "kind"?, "due_date"?, "state", "met_at"?}
--   {"position", "type": "reopen_measure_due", "stream_id", "measure_id"}: the measure's latest due date, if met, is pending again
-- An open without stream_id (a feeder of the previous release, during a rolling deploy) is a case's.
CREATE OR REPLACE FUNCTION feed_scheduled_deadlines(p_feeder text, p_last_position numeric, p_changes jsonb,
                                                    OUT previous_checkpoint numeric, OUT next_due timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
  c jsonb;
  pos numeric;
BEGIN
  -- Feeders of the same name take turns (feeder-checkpoint.ts: the advisory lock class 'DLNS').
  PERFORM pg_advisory_xact_lock(1145851475, hashtext(p_feeder));
  SELECT position INTO previous_checkpoint FROM scheduler_checkpoints WHERE name = p_feeder;

  FOR c IN SELECT t.e FROM jsonb_array_elements(p_changes) WITH ORDINALITY AS t(e, o) ORDER BY t.o LOOP
    pos := (c->>'position')::numeric;
    CONTINUE WHEN previous_checkpoint IS NOT NULL AND pos <= previous_checkpoint;
    IF c->>'type' = 'open' THEN
      INSERT INTO scheduled_deadlines (deadline_id, stream_id, case_id, unit_id, measure_id, kind, due_date, fire_at, opened_position)
      VALUES (c->>'deadline_id', coalesce(c->>'stream_id', 'case-' || (c->>'case_id')), c->>'case_id',
              coalesce(c->>'unit_id',
                       (SELECT m.unit_id FROM scheduled_deadlines m
                         WHERE m.stream_id = c->>'stream_id' AND m.measure_id = c->>'measure_id' AND m.unit_id IS NOT NULL
                         ORDER BY m.opened_position LIMIT 1)),
              c->>'measure_id', c->>'kind', (c->>'due_date')::date, (c->>'fire_at')::timestamptz, pos)
      ON CONFLICT (deadline_id) DO UPDATE
         SET state = 'pending', opened_position = EXCLUDED.opened_position, closed_position = NULL,
             attempts = 0, last_error = NULL, retry_at = NULL, updated_at = now()
       WHERE scheduled_deadlines.state IN ('met', 'cancelled')
         AND scheduled_deadlines.closed_position < EXCLUDED.opened_position;
    ELSIF c->>'type' = 'close' THEN
      UPDATE scheduled_deadlines
         SET state = c->>'state', closed_position = pos, updated_at = now()
       WHERE case_id = c->>'case_id' AND measure_id IS NULL AND state = 'pending' AND opened_position < pos
         AND (c->>'unit_id' IS NULL OR unit_id = c->>'unit_id')
         AND (c->>'kind' IS NULL OR kind = c->>'kind')
         AND (c->>'due_date' IS NULL OR due_date = (c->>'due_date')::date)
         AND (c->>'met_at' IS NULL OR fire_at > (c->>'met_at')::timestamptz);
    ELSIF c->>'type' = 'close_measure' THEN
      UPDATE scheduled_deadlines
         SET state = c->>'state', closed_position = pos, updated_at = now()
       WHERE stream_id = c->>'stream_id' AND measure_id IS NOT NULL AND state = 'pending' AND opened_position < pos
         AND (c->>'measure_id' IS NULL OR measure_id = c->>'measure_id')
         AND (c->>'kind' IS NULL OR kind = c->>'kind')
         AND (c->>'due_date' IS NULL OR due_date = (c->>'due_date')::date)
         AND (c->>'met_at' IS NULL OR fire_at > (c->>'met_at')::timestamptz);
    ELSIF c->>'type' = 'reopen_measure_due' THEN
      -- Only a row closed as met by an earlier event: a fired one keeps its card, a cancelled one
      -- its end, and a rejection delivered again does not undo what a later event closed.
      UPDATE scheduled_deadlines
         SET state = 'pending', opened_position = pos, closed_position = NULL,
             attempts = 0, last_error = NULL, retry_at = NULL, updated_at = now()
       WHERE deadline_id = (SELECT l.deadline_id FROM scheduled_deadlines l
                             WHERE l.stream_id = c->>'stream_id' AND l.measure_id = c->>'measure_id' AND l.kind = 'measure_due'
                             ORDER BY l.opened_position DESC LIMIT 1)
         AND state = 'met' AND closed_position < pos;
    ELSE
      RAISE EXCEPTION 'unknown deadline change type %', c->>'type';
    END IF;
  END LOOP;

  INSERT INTO scheduler_checkpoints (name, position) VALUES (p_feeder, p_last_position)
  ON CONFLICT (name) DO UPDATE
     SET position = greatest(scheduler_checkpoints.position, EXCLUDED.position), updated_at = now();
  -- The firing loop's index (scheduled_deadlines_due): one index entry read.
  SELECT min(fire_at) INTO next_due FROM scheduled_deadlines WHERE state = 'pending';
END;
$$;

-- Down Migration
-- The measure deadlines go (the log still has their events; a later up migration re-feeds nothing,
-- so a new checkpoint name would be needed to watch them again).
DELETE FROM scheduled_deadlines WHERE measure_id IS NOT NULL OR case_id IS NULL;
DROP INDEX scheduled_deadlines_by_measure;
ALTER TABLE scheduled_deadlines
  DROP CONSTRAINT scheduled_deadlines_shape,
  DROP CONSTRAINT scheduled_deadlines_kind_check,
  ADD CONSTRAINT scheduled_deadlines_kind_check CHECK (kind IN ('sign_for', 'handling')),
  ALTER COLUMN case_id SET NOT NULL,
  ALTER COLUMN unit_id SET NOT NULL,
  DROP COLUMN measure_id,
  DROP COLUMN stream_id;
CREATE OR REPLACE FUNCTION feed_scheduled_deadlines(p_feeder text, p_last_position numeric, p_changes jsonb,
                                         OUT previous_checkpoint numeric, OUT next_due timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
  c jsonb;
BEGIN
  -- Feeders of the same name apply their batches one after the other (feeder-checkpoint.ts: the
  -- advisory lock class 'DLNS'). Not a row lock: it takes no transaction id, so it does not hold
  -- back the event store's visibility horizon while this transaction has written nothing.
  PERFORM pg_advisory_xact_lock(1145851475, hashtext(p_feeder));
  SELECT position INTO previous_checkpoint FROM scheduler_checkpoints WHERE name = p_feeder;

  FOR c IN SELECT t.e FROM jsonb_array_elements(p_changes) WITH ORDINALITY AS t(e, o) ORDER BY t.o LOOP
    CONTINUE WHEN previous_checkpoint IS NOT NULL AND (c->>'position')::numeric <= previous_checkpoint;
    IF c->>'type' = 'open' THEN
      INSERT INTO scheduled_deadlines (deadline_id, case_id, unit_id, kind, due_date, fire_at, opened_position)
      VALUES (c->>'deadline_id', c->>'case_id', c->>'unit_id', c->>'kind', (c->>'due_date')::date,
              (c->>'fire_at')::timestamptz, (c->>'position')::numeric)
      ON CONFLICT (deadline_id) DO UPDATE
         SET state = 'pending', opened_position = EXCLUDED.opened_position, closed_position = NULL,
             attempts = 0, last_error = NULL, retry_at = NULL, updated_at = now()
       WHERE scheduled_deadlines.state IN ('met', 'cancelled')
         AND scheduled_deadlines.closed_position < EXCLUDED.opened_position;
    ELSE
      UPDATE scheduled_deadlines
         SET state = c->>'state', closed_position = (c->>'position')::numeric, updated_at = now()
       WHERE case_id = c->>'case_id' AND state = 'pending' AND opened_position < (c->>'position')::numeric
         AND (c->>'unit_id' IS NULL OR unit_id = c->>'unit_id')
         AND (c->>'kind' IS NULL OR kind = c->>'kind')
         AND (c->>'due_date' IS NULL OR due_date = (c->>'due_date')::date)
         AND (c->>'met_at' IS NULL OR fire_at > (c->>'met_at')::timestamptz);
    END IF;
  END LOOP;

  INSERT INTO scheduler_checkpoints (name, position) VALUES (p_feeder, p_last_position)
  ON CONFLICT (name) DO UPDATE
     SET position = greatest(scheduler_checkpoints.position, EXCLUDED.position), updated_at = now();
  -- The firing loop's index (scheduled_deadlines_due): one index entry read.
  SELECT min(fire_at) INTO next_due FROM scheduled_deadlines WHERE state = 'pending';
END;
$$;
