-- Up Migration

-- Group commit (docs/architecture.md#the-event-store): a store sends the appends its callers make
-- while one of its appends is being committed together, as ONE transaction in ONE round trip
-- (append_to_streams below), so a burst of concurrent appends costs one commit and one flush of the
-- log to disk instead of one each.
--
-- Each append of a group keeps its own outcome: a wrong expected version or a reused event id
-- refuses that append only. Raising would abort the whole transaction, and catching per append (an
-- EXCEPTION block, a SAVEPOINT) opens a subtransaction per append: beyond 64 writing subtransactions
-- in one transaction every snapshot of the server overflows its subtransaction cache and all
-- sessions slow down. So the checks and the insert move into append_to_locked_stream, which reports
-- a refusal as a value instead of raising; append_to_stream raises it as before (same SQLSTATEs,
-- messages and DETAIL) for its direct callers and for appends alongside the caller's rows.

-- One append to a stream whose advisory lock the caller already holds (nothing else may call it:
-- see the grants at the end; its callers fix the search_path, and it names its tables in full). `refusal` is null when the append went through or found its events
-- stored already (appended = false, the original result), else the SQLSTATE append_to_stream
-- raises: ES001 wrong expected version (next_version = the stream's actual version), ES002 event
-- ids already used by other events, ES004 no events / too many in one transaction. A refused append
-- writes nothing.
CREATE FUNCTION append_to_locked_stream(
  p_stream_id        text,
  p_expected_kind    text,
  p_expected_version bigint,
  p_events           jsonb,
  OUT refusal        text,
  OUT next_version   bigint,
  OUT last_position  bigint,
  OUT appended       boolean
)
LANGUAGE plpgsql AS $$
DECLARE
  v_count     integer := jsonb_array_length(p_events);
  v_current   bigint;
  v_hash      text;
  v_ids       uuid[];
  v_existing  integer;
  v_first     bigint;
  v_block     bigint;
  v_start     bigint;
  v_now       timestamptz := now();
  v_event     jsonb;
  v_index     bigint;
  v_data      text;
  v_metadata  text;
BEGIN
  appended := false;
  IF v_count = 0 THEN
    refusal := 'ES004';
    RETURN;
  END IF;

  SELECT s.version, s.head_hash INTO v_current, v_hash FROM public.event_streams s WHERE s.stream_id = p_stream_id;
  v_current := coalesce(v_current, 0);

  SELECT array_agg((e ->> 'event_id')::uuid ORDER BY o) INTO v_ids
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o);

  SELECT count(*), min(ev.stream_version) INTO v_existing, v_first
    FROM public.events ev WHERE ev.stream_id = p_stream_id AND ev.event_id = ANY (v_ids);

  IF v_existing > 0 THEN
    IF v_existing = v_count AND NOT EXISTS (
      SELECT 1 FROM unnest(v_ids) WITH ORDINALITY AS i(id, o)
        LEFT JOIN public.events ev ON ev.stream_id = p_stream_id AND ev.stream_version = v_first + i.o - 1
       WHERE ev.event_id IS DISTINCT FROM i.id
    ) THEN
      SELECT ev.stream_version, ev.global_position INTO next_version, last_position
        FROM public.events ev
       WHERE ev.stream_id = p_stream_id AND ev.stream_version = v_first + v_count - 1;
      RETURN;
    END IF;
    refusal := 'ES002';
    RETURN;
  END IF;

  IF (p_expected_kind = 'no_stream' AND v_current <> 0)
     OR (p_expected_kind = 'stream_exists' AND v_current = 0)
     OR (p_expected_kind = 'version' AND v_current <> p_expected_version) THEN
    refusal := 'ES001';
    next_version := v_current;
    RETURN;
  END IF;

  -- Positions continue inside this transaction's block, should it append more than once.
  v_block := (pg_current_xact_id()::text::bigint) << 20;
  SELECT coalesce(max(ev.global_position) + 1, v_block) INTO v_start
    FROM public.events ev WHERE ev.global_position >= v_block AND ev.global_position < v_block + 1048576;
  IF v_start + v_count > v_block + 1048576 THEN
    refusal := 'ES004';
    RETURN;
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

  INSERT INTO public.event_streams (stream_id, version, head_hash) VALUES (p_stream_id, v_current + v_count, v_hash)
    ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, head_hash = EXCLUDED.head_hash;

  next_version := v_current + v_count;
  last_position := v_start + v_count - 1;
  appended := true;
END;
$$;

-- One append, as since 1763700000000_event-store.sql: the stream's lock, then the append, whose
-- refusal is raised. Still the way to append alongside the caller's rows (one transaction), so
-- still the first write of its transaction (the lock is taken before the transaction has an id).
-- CREATE OR REPLACE keeps the owner and the grants (1764000000302_app-role.sql: EXECUTE for
-- cases_app only); SECURITY DEFINER and the search_path are restated, a replacement takes them from
-- its own definition.
CREATE OR REPLACE FUNCTION append_to_stream(
  p_stream_id        text,
  p_expected_kind    text,
  p_expected_version bigint,
  p_events           jsonb
) RETURNS TABLE (next_version bigint, last_position bigint, appended boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  r record;
BEGIN
  IF jsonb_array_length(p_events) = 0 THEN
    RAISE EXCEPTION 'append_to_stream: no events' USING ERRCODE = 'ES004';
  END IF;

  PERFORM pg_advisory_xact_lock(1163285587, hashtext(p_stream_id));  -- 1163285587 = 'EVTS'
  SELECT * INTO r FROM public.append_to_locked_stream(p_stream_id, p_expected_kind, p_expected_version, p_events);

  CASE r.refusal
    WHEN 'ES001' THEN
      RAISE EXCEPTION 'wrong expected version for stream %', p_stream_id
        USING ERRCODE = 'ES001', DETAIL = r.next_version::text;
    WHEN 'ES002' THEN
      RAISE EXCEPTION 'event ids already used in stream %', p_stream_id USING ERRCODE = 'ES002';
    WHEN 'ES004' THEN
      RAISE EXCEPTION 'too many events in one transaction' USING ERRCODE = 'ES004';
    ELSE
      RETURN QUERY SELECT r.next_version, r.last_position, r.appended;
  END CASE;
END;
$$;

-- A group of appends in one transaction: p_appends = [{ "stream_id", "expected_kind",
-- "expected_version", "events": [as for append_to_stream] }, ...]; one row per append, in order.
--
-- Every stream's lock is taken first, before the transaction's first write gives it an id, as
-- append_to_stream does for its one stream: an append that held one of these locks has committed
-- by then, with a smaller id, hence smaller positions, so each stream's versions still ascend with
-- the global position, and readers below the visibility horizon never see an order that changes.
-- The locks are only tried, never waited for: a stream whose lock another transaction holds (an
-- append alongside the caller's rows, say) must not hold up the appends of every other stream in
-- the group. Its appends answer refusal 'busy' and write nothing; the store sends them again alone,
-- through append_to_stream, which waits. (Never waiting also means two groups cannot deadlock; the
-- keys are tried in order all the same.) Then the appends are applied in order: a later append to
-- the same stream sees the earlier one.
CREATE FUNCTION append_to_streams(p_appends jsonb)
RETURNS TABLE (refusal text, next_version bigint, last_position bigint, appended boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  v_key    integer;
  v_busy   integer[] := '{}';
  v_append jsonb;
BEGIN
  FOR v_key IN SELECT DISTINCT hashtext(a ->> 'stream_id') FROM jsonb_array_elements(p_appends) AS t(a) ORDER BY 1 LOOP
    IF NOT pg_try_advisory_xact_lock(1163285587, v_key) THEN
      v_busy := v_busy || v_key;
    END IF;
  END LOOP;

  FOR v_append IN SELECT t.a FROM jsonb_array_elements(p_appends) WITH ORDINALITY AS t(a, o) ORDER BY t.o LOOP
    IF hashtext(v_append ->> 'stream_id') = ANY (v_busy) THEN
      RETURN QUERY SELECT 'busy'::text, NULL::bigint, NULL::bigint, false;
    ELSE
      RETURN QUERY SELECT * FROM public.append_to_locked_stream(v_append ->> 'stream_id', v_append ->> 'expected_kind',
                                                                (v_append ->> 'expected_version')::bigint, v_append -> 'events');
    END IF;
  END LOOP;
END;
$$;

-- As append_to_stream: the application appends through append_to_streams; append_to_locked_stream
-- is for these two only (without the lock it would break the order above).
REVOKE ALL ON FUNCTION append_to_locked_stream(text, text, bigint, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION append_to_streams(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION append_to_streams(jsonb) TO cases_app;

-- Down Migration

-- append_to_stream as 1764100000100_append-without-notify.sql defined it.
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
  v_existing  integer;
  v_first     bigint;
  v_block     bigint;
  v_start     bigint;
  v_now       timestamptz := now();
  v_event     jsonb;
  v_index     bigint;
  v_data      text;
  v_metadata  text;
BEGIN
  IF v_count = 0 THEN
    RAISE EXCEPTION 'append_to_stream: no events' USING ERRCODE = 'ES004';
  END IF;

  PERFORM pg_advisory_xact_lock(1163285587, hashtext(p_stream_id));  -- 1163285587 = 'EVTS'
  SELECT s.version, s.head_hash INTO v_current, v_hash FROM public.event_streams s WHERE s.stream_id = p_stream_id;
  v_current := coalesce(v_current, 0);

  SELECT array_agg((e ->> 'event_id')::uuid ORDER BY o) INTO v_ids
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o);

  SELECT count(*), min(ev.stream_version) INTO v_existing, v_first
    FROM public.events ev WHERE ev.stream_id = p_stream_id AND ev.event_id = ANY (v_ids);

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

  -- Positions continue inside this transaction's block, should it append more than once.
  v_block := (pg_current_xact_id()::text::bigint) << 20;
  SELECT coalesce(max(ev.global_position) + 1, v_block) INTO v_start
    FROM public.events ev WHERE ev.global_position >= v_block AND ev.global_position < v_block + 1048576;
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

  INSERT INTO public.event_streams (stream_id, version, head_hash) VALUES (p_stream_id, v_current + v_count, v_hash)
    ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, head_hash = EXCLUDED.head_hash;

  RETURN QUERY SELECT v_current + v_count, v_start + v_count - 1, true;
END;
$$;

DROP FUNCTION append_to_streams(jsonb);
DROP FUNCTION append_to_locked_stream(text, text, bigint, jsonb);
