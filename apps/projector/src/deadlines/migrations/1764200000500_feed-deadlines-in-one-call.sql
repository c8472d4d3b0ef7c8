-- Up Migration

-- A feeder batch in one round trip: the deadline changes of a batch of case events, applied in
-- order together with the feeder's checkpoint, by one call that is one transaction. Before, the
-- feeder sent BEGIN, the lock, the checkpoint, one statement per change, the new checkpoint and
-- COMMIT, each waiting for the previous: some twenty round trips a batch, which on a busy machine
-- made the scheduler's tick (and the demo year, which ticks it at every simulated midnight, one
-- tick after the other) slow. The statements are those the feeder sent (deadline-table.ts says
-- what they mean), in the same order.
--
-- p_changes: an array of changes in log order, each with the `position` of the event it comes from:
--   {"position", "type": "open", "deadline_id", "case_id", "unit_id", "kind", "due_date", "fire_at"}
--   {"position", "type": "close", "case_id", "unit_id"?, "kind"?, "due_date"?, "state", "met_at"?}
-- (an absent or null field of a close matches any value). Changes at or below the checkpoint are
-- skipped: another instance applied them meanwhile. The checkpoint moves to p_last_position, never
-- backwards. Returns the checkpoint as it was before (`previous_checkpoint`, NULL: none yet), and
-- the earliest fire_at of a pending deadline (`next_due`, NULL: none), which tells the tick whether the firer
-- would find anything due without asking (a claim is a round trip more, on most ticks for nothing).
CREATE FUNCTION feed_scheduled_deadlines(p_feeder text, p_last_position numeric, p_changes jsonb,
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

-- Down Migration
DROP FUNCTION feed_scheduled_deadlines(text, numeric, jsonb);
