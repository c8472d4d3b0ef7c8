-- Up Migration

-- append_to_stream as in 1764600000100_append-without-streams-table.sql, without the probe for the
-- batch's event ids when the stream is at the version the caller expects, which is what most
-- commands send: one read of the stream, one decision, one append at the version read. The probe
-- (an aggregate over the payload and an index scan of the stream's ids) cost the appending backend
-- 184 µs of 598 per append of one ComplaintFiled at the version of a stream with events
-- (`MICRO=3000 ONLY=next-probe,next-off-version node dist/bench/append-ablation.js`, shared machine).
--
-- Idempotent retries are answered as before. An append that committed moved its stream past the
-- version it expected, so its retry, expecting that version again, misses it and is probed here.
-- The one way to arrive at the expected version with ids the stream holds is to re-read the stream
-- after they were appended and send them again at its new version: ids derived from an
-- Idempotency-Key or by the deadline scheduler can do that. Then the unique (stream_id, event_id)
-- index refuses the INSERT (23505), and the store looks the ids up and answers just as the probe
-- would: the first result when all of them are there, in order, at consecutive versions, an id
-- conflict otherwise. That costs such a retry one more round trip and nothing to anyone else.
-- 'any' and 'stream_exists' always match a stream with events, so they are probed as before.
--
-- CREATE OR REPLACE keeps the function's owner and grants (EXECUTE for cases_app only); SECURITY
-- DEFINER and the search_path are restated because a replacement takes them from its own definition.

CREATE OR REPLACE FUNCTION append_to_stream(
  p_stream_id        text,
  p_expected_kind    text,
  p_expected_version bigint,
  p_events           jsonb
) RETURNS TABLE (next_version bigint, last_position bigint, appended boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  v_count     integer := jsonb_array_length(p_events);
  v_current   bigint;
  v_hash      text;
  v_ids       uuid[];
  v_existing  integer := 0;
  v_first     bigint;
  v_block     bigint;
  v_start     bigint;
  v_now       timestamptz := now();
  v_event     jsonb;
  v_index     bigint;
  v_data      text;
  v_metadata  text;
  -- Read before anything here gives the transaction its id: whether it wrote before this call.
  v_wrote     boolean := pg_current_xact_id_if_assigned() IS NOT NULL;
BEGIN
  IF v_count = 0 THEN
    RAISE EXCEPTION 'append_to_stream: no events' USING ERRCODE = 'ES004';
  END IF;

  PERFORM pg_advisory_xact_lock(1163285587, hashtext(p_stream_id));  -- 1163285587 = 'EVTS'
  -- The stream's head: its last event, through the (stream_id, stream_version) index. The lock is
  -- released only once the previous append to this stream is committed and visible, and this
  -- statement takes its own snapshot, so it sees that append's last event.
  SELECT ev.stream_version, ev.hash INTO v_current, v_hash
    FROM public.events ev WHERE ev.stream_id = p_stream_id ORDER BY ev.stream_version DESC LIMIT 1;
  v_current := coalesce(v_current, 0);

  -- A stream without events holds neither a retry's ids nor anyone else's. A stream at the expected
  -- version is not answering a retry of an append that committed: that append moved it past the
  -- version the retry expects. Should the ids be there all the same (the caller re-read the stream
  -- and sent them again at its new version), the unique (stream_id, event_id) index refuses the
  -- INSERT below, and the store looks them up then (PostgresEventStore.afterEventIdTaken).
  IF v_current > 0 AND NOT (p_expected_kind = 'version' AND v_current = p_expected_version) THEN
    SELECT array_agg((e ->> 'event_id')::uuid ORDER BY o) INTO v_ids
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o);

    SELECT count(*), min(ev.stream_version) INTO v_existing, v_first
      FROM public.events ev WHERE ev.stream_id = p_stream_id AND ev.event_id = ANY (v_ids);
  END IF;

  IF v_existing > 0 THEN
    IF v_existing = v_count AND NOT EXISTS (
      SELECT 1 FROM unnest(v_ids) WITH ORDINALITY AS i(id, o)
        LEFT JOIN public.events ev ON ev.stream_id = p_stream_id AND ev.stream_version = v_first + i.o - 1
       WHERE ev.event_id IS DISTINCT FROM i.id
    ) THEN
      RETURN QUERY
        SELECT ev.stream_version, ev.global_position, false
          FROM public.events ev
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

  -- Positions continue inside this transaction's block, should it have appended before; a
  -- transaction that had no id when this call began has no events in its block yet.
  v_block := (pg_current_xact_id()::text::bigint) << 20;
  v_start := v_block;
  IF v_wrote THEN
    SELECT coalesce(max(ev.global_position) + 1, v_block) INTO v_start
      FROM public.events ev WHERE ev.global_position >= v_block AND ev.global_position < v_block + 1048576;
  END IF;
  IF v_start + v_count > v_block + 1048576 THEN
    RAISE EXCEPTION 'too many events in one transaction' USING ERRCODE = 'ES004';
  END IF;

  FOR v_event, v_index IN SELECT t.e, t.o FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o) LOOP
    v_data := coalesce(v_event ->> 'data_json', public.event_chain_json(v_event -> 'data'));
    v_metadata := coalesce(v_event ->> 'metadata_json', public.event_chain_json(v_event -> 'metadata'));
    v_hash := public.event_chain_hash(v_data, (v_event ->> 'event_id')::uuid, v_metadata, v_hash, v_now,
                                      (v_event ->> 'schema_version')::integer, p_stream_id, v_current + v_index, v_event ->> 'type');
    INSERT INTO public.events (global_position, transaction_id, stream_id, stream_version, event_id,
                               type, schema_version, data, metadata, recorded_at, hash)
    VALUES (v_start + v_index - 1, pg_current_xact_id(), p_stream_id, v_current + v_index, (v_event ->> 'event_id')::uuid,
            v_event ->> 'type', (v_event ->> 'schema_version')::integer, v_data::jsonb, v_metadata::jsonb, v_now, v_hash);
  END LOOP;

  RETURN QUERY SELECT v_current + v_count, v_start + v_count - 1, true;
END;
$$;

-- Down Migration
CREATE OR REPLACE FUNCTION append_to_stream(
  p_stream_id        text,
  p_expected_kind    text,
  p_expected_version bigint,
  p_events           jsonb
) RETURNS TABLE (next_version bigint, last_position bigint, appended boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  v_count     integer := jsonb_array_length(p_events);
  v_current   bigint;
  v_hash      text;
  v_ids       uuid[];
  v_existing  integer := 0;
  v_first     bigint;
  v_block     bigint;
  v_start     bigint;
  v_now       timestamptz := now();
  v_event     jsonb;
  v_index     bigint;
  v_data      text;
  v_metadata  text;
  -- Read before anything here gives the transaction its id: whether it wrote before this call.
  v_wrote     boolean := pg_current_xact_id_if_assigned() IS NOT NULL;
BEGIN
  IF v_count = 0 THEN
    RAISE EXCEPTION 'append_to_stream: no events' USING ERRCODE = 'ES004';
  END IF;

  PERFORM pg_advisory_xact_lock(1163285587, hashtext(p_stream_id));  -- 1163285587 = 'EVTS'
  -- The stream's head: its last event, through the (stream_id, stream_version) index. The lock is
  -- released only once the previous append to this stream is committed and visible, and this
  -- statement takes its own snapshot, so it sees that append's last event.
  SELECT ev.stream_version, ev.hash INTO v_current, v_hash
    FROM public.events ev WHERE ev.stream_id = p_stream_id ORDER BY ev.stream_version DESC LIMIT 1;
  v_current := coalesce(v_current, 0);

  -- A stream without events holds neither a retry's ids nor anyone else's.
  IF v_current > 0 THEN
    SELECT array_agg((e ->> 'event_id')::uuid ORDER BY o) INTO v_ids
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o);

    SELECT count(*), min(ev.stream_version) INTO v_existing, v_first
      FROM public.events ev WHERE ev.stream_id = p_stream_id AND ev.event_id = ANY (v_ids);
  END IF;

  IF v_existing > 0 THEN
    IF v_existing = v_count AND NOT EXISTS (
      SELECT 1 FROM unnest(v_ids) WITH ORDINALITY AS i(id, o)
        LEFT JOIN public.events ev ON ev.stream_id = p_stream_id AND ev.stream_version = v_first + i.o - 1
       WHERE ev.event_id IS DISTINCT FROM i.id
    ) THEN
      RETURN QUERY
        SELECT ev.stream_version, ev.global_position, false
          FROM public.events ev
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

  -- Positions continue inside this transaction's block, should it have appended before; a
  -- transaction that had no id when this call began has no events in its block yet.
  v_block := (pg_current_xact_id()::text::bigint) << 20;
  v_start := v_block;
  IF v_wrote THEN
    SELECT coalesce(max(ev.global_position) + 1, v_block) INTO v_start
      FROM public.events ev WHERE ev.global_position >= v_block AND ev.global_position < v_block + 1048576;
  END IF;
  IF v_start + v_count > v_block + 1048576 THEN
    RAISE EXCEPTION 'too many events in one transaction' USING ERRCODE = 'ES004';
  END IF;

  FOR v_event, v_index IN SELECT t.e, t.o FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o) LOOP
    v_data := coalesce(v_event ->> 'data_json', public.event_chain_json(v_event -> 'data'));
    v_metadata := coalesce(v_event ->> 'metadata_json', public.event_chain_json(v_event -> 'metadata'));
    v_hash := public.event_chain_hash(v_data, (v_event ->> 'event_id')::uuid, v_metadata, v_hash, v_now,
                                      (v_event ->> 'schema_version')::integer, p_stream_id, v_current + v_index, v_event ->> 'type');
    INSERT INTO public.events (global_position, transaction_id, stream_id, stream_version, event_id,
                               type, schema_version, data, metadata, recorded_at, hash)
    VALUES (v_start + v_index - 1, pg_current_xact_id(), p_stream_id, v_current + v_index, (v_event ->> 'event_id')::uuid,
            v_event ->> 'type', (v_event ->> 'schema_version')::integer, v_data::jsonb, v_metadata::jsonb, v_now, v_hash);
  END LOOP;

  RETURN QUERY SELECT v_current + v_count, v_start + v_count - 1, true;
END;
$$;
