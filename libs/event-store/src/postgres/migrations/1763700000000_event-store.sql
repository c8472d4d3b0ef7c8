-- Up Migration

-- One row per stream: its current version.
CREATE TABLE event_streams (
  stream_id text PRIMARY KEY,
  version   bigint NOT NULL CHECK (version >= 0)
);

-- The log. global_position = (transaction id << 20) + index within the transaction, so ordering by
-- position is ordering by (xid8, index). A reader that only returns rows whose transaction id is
-- below pg_snapshot_xmin(pg_current_snapshot()) sees every transaction below that horizon complete,
-- and every transaction that commits later has an id >= the horizon, hence a larger position:
-- a checkpointing subscriber can never skip an event that commits out of order, and needs no
-- time-based gap detection.
CREATE TABLE events (
  global_position bigint      PRIMARY KEY,
  transaction_id  xid8        NOT NULL,
  stream_id       text        NOT NULL,
  stream_version  bigint      NOT NULL CHECK (stream_version >= 1),
  event_id        uuid        NOT NULL,
  type            text        NOT NULL,
  schema_version  integer     NOT NULL CHECK (schema_version >= 1),
  data            jsonb       NOT NULL,
  metadata        jsonb       NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version),
  CONSTRAINT events_stream_event_id_unique UNIQUE (stream_id, event_id)
);

CREATE INDEX events_type_position ON events (type, global_position);

-- History is evidence: the database itself refuses to change or remove it.
CREATE FUNCTION events_are_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are immutable: % on table events is not allowed', TG_OP
    USING ERRCODE = 'ES003';
END;
$$;

CREATE TRIGGER events_refuse_update_delete
  BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_are_immutable();

CREATE TRIGGER events_refuse_truncate
  BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_are_immutable();

-- Appends a batch to one stream in a single round trip and a single transaction.
--   p_expected_kind: 'version' (p_expected_version is the exact current version),
--                    'no_stream', 'stream_exists' or 'any'.
--   p_events: [{ "event_id", "type", "schema_version", "data", "metadata" }, ...]
-- Errors: ES001 wrong expected version (DETAIL = actual version),
--         ES002 some event ids already used by other events in the stream.
-- A retry whose event ids are all already stored, in order and consecutive, returns the original
-- result with appended = false and writes nothing, whatever the expected version says.
--
-- Appends to one stream are serialised by a transaction-level advisory lock taken BEFORE anything
-- that assigns a transaction id. The next append to the stream therefore gets its id after the
-- previous one committed, i.e. a larger id and a larger position: each stream's versions stay in
-- position order. (A row lock would not do: SELECT ... FOR UPDATE or a speculative INSERT assign
-- the id before waiting.) So this must be the first write of its transaction; the adapter always
-- calls it on its own.
CREATE FUNCTION append_to_stream(
  p_stream_id        text,
  p_expected_kind    text,
  p_expected_version bigint,
  p_events           jsonb
) RETURNS TABLE (next_version bigint, last_position bigint, appended boolean)
LANGUAGE plpgsql AS $$
DECLARE
  v_count     integer := jsonb_array_length(p_events);
  v_current   bigint;
  v_ids       uuid[];
  v_existing  integer;
  v_first     bigint;
  v_block     bigint;
  v_start     bigint;
BEGIN
  IF v_count = 0 THEN
    RAISE EXCEPTION 'append_to_stream: no events' USING ERRCODE = 'ES004';
  END IF;

  PERFORM pg_advisory_xact_lock(1163285587, hashtext(p_stream_id));  -- 1163285587 = 'EVTS'
  SELECT coalesce(max(s.version), 0) INTO v_current FROM event_streams s WHERE s.stream_id = p_stream_id;

  SELECT array_agg((e ->> 'event_id')::uuid ORDER BY o) INTO v_ids
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o);

  SELECT count(*), min(ev.stream_version) INTO v_existing, v_first
    FROM events ev WHERE ev.stream_id = p_stream_id AND ev.event_id = ANY (v_ids);

  IF v_existing > 0 THEN
    IF v_existing = v_count AND NOT EXISTS (
      SELECT 1 FROM unnest(v_ids) WITH ORDINALITY AS i(id, o)
        LEFT JOIN events ev ON ev.stream_id = p_stream_id AND ev.stream_version = v_first + i.o - 1
       WHERE ev.event_id IS DISTINCT FROM i.id
    ) THEN
      RETURN QUERY
        SELECT ev.stream_version, ev.global_position, false
          FROM events ev
         WHERE ev.stream_id = p_stream_id AND ev.stream_version = v_first + v_count - 1;
      RETURN;
    END IF;
    RAISE EXCEPTION 'event ids already used in stream %', p_stream_id USING ERRCODE = 'ES002';
  END IF;

  IF (p_expected_kind = 'no_stream' AND v_current <> 0)
     OR (p_expected_kind = 'stream_exists' AND v_current = 0)
     OR (p_expected_kind = 'version' AND v_current <> p_expected_version) THEN
    RAISE EXCEPTION 'wrong expected version for stream %', p_stream_id
      USING ERRCODE = 'ES001', DETAIL = v_current::text;
  END IF;

  -- Positions continue inside this transaction's block, should it append more than once.
  v_block := (pg_current_xact_id()::text::bigint) << 20;
  SELECT coalesce(max(ev.global_position) + 1, v_block) INTO v_start
    FROM events ev WHERE ev.global_position >= v_block AND ev.global_position < v_block + 1048576;
  IF v_start + v_count > v_block + 1048576 THEN
    RAISE EXCEPTION 'too many events in one transaction' USING ERRCODE = 'ES004';
  END IF;

  INSERT INTO events (global_position, transaction_id, stream_id, stream_version, event_id,
                      type, schema_version, data, metadata)
  SELECT v_start + o - 1, pg_current_xact_id(), p_stream_id, v_current + o,
         (e ->> 'event_id')::uuid, e ->> 'type', (e ->> 'schema_version')::integer,
         e -> 'data', e -> 'metadata'
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o);

  INSERT INTO event_streams (stream_id, version) VALUES (p_stream_id, v_current + v_count)
    ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version;

  -- Delivered at commit: wakes live subscribers without polling.
  PERFORM pg_notify('event_store_appended', '');

  RETURN QUERY SELECT v_current + v_count, v_start + v_count - 1, true;
END;
$$;

-- Down Migration
DROP FUNCTION append_to_stream(text, text, bigint, jsonb);
DROP TABLE events;
DROP FUNCTION events_are_immutable();
DROP TABLE event_streams;
