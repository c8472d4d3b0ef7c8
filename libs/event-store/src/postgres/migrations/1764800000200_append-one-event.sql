-- Up Migration

-- Appending one event, what nearly every command and every filing does, with the event's fields as
-- typed parameters instead of a jsonb array whose members carry the canonical JSON as strings.
-- append_to_stream parses that array, takes the strings out of it (unescaping them) and parses them
-- again as the stored jsonb; here PostgreSQL parses the data once. Measured with
-- `MICRO=3000 ROUNDS=3 ONLY=raw,store,one node dist/bench/append-ablation.js` (one connection,
-- 1 December 2026): 157 µs of the backend's CPU and 118 of Node's per append of a ComplaintFiled,
-- against 188 and 203 through the store's jsonb call and 147 and 132 for the raw INSERT.
--
-- Everything else is append_to_stream's as of 1764600000200_append-probe-only-off-version.sql, for
-- a batch of one: the stream's lock before the transaction has an id, its head from its last event,
-- the event's id looked up only when the stream is not at the expected version (a retry of an
-- append that committed finds it there and gets its first result back, nothing written), the same
-- errors (ES001 wrong expected version, ES004 too many events in one transaction), positions in the
-- transaction's block, the hash chain. append_to_stream stays for batches of several events.
--
-- append_one_to_stream_with_rows is append_to_stream_with_rows (1764800000100) for one event.

CREATE FUNCTION append_one_to_stream(
  p_stream_id        text,
  p_expected_kind    text,
  p_expected_version bigint,
  p_event_id         uuid,
  p_type             text,
  p_schema_version   integer,
  p_data             text,
  p_metadata         text
) RETURNS TABLE (next_version bigint, last_position bigint, appended boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  v_current   bigint;
  v_hash      text;
  v_block     bigint;
  v_start     bigint;
  v_now       timestamptz := now();
  v_stored    record;
  -- Read before anything here gives the transaction its id: whether it wrote before this call.
  v_wrote     boolean := pg_current_xact_id_if_assigned() IS NOT NULL;
BEGIN
  PERFORM pg_advisory_xact_lock(1163285587, hashtext(p_stream_id));  -- 1163285587 = 'EVTS'
  SELECT ev.stream_version, ev.hash INTO v_current, v_hash
    FROM public.events ev WHERE ev.stream_id = p_stream_id ORDER BY ev.stream_version DESC LIMIT 1;
  v_current := coalesce(v_current, 0);

  IF v_current > 0 AND NOT (p_expected_kind = 'version' AND v_current = p_expected_version) THEN
    SELECT ev.stream_version, ev.global_position INTO v_stored
      FROM public.events ev WHERE ev.stream_id = p_stream_id AND ev.event_id = p_event_id;
    IF FOUND THEN
      RETURN QUERY SELECT v_stored.stream_version, v_stored.global_position, false;
      RETURN;
    END IF;
  END IF;

  IF (p_expected_kind = 'no_stream' AND v_current <> 0)
     OR (p_expected_kind = 'stream_exists' AND v_current = 0)
     OR (p_expected_kind = 'version' AND v_current <> p_expected_version) THEN
    RAISE EXCEPTION 'wrong expected version for stream %', p_stream_id
      USING ERRCODE = 'ES001', DETAIL = v_current::text;
  END IF;

  v_block := (pg_current_xact_id()::text::bigint) << 20;
  v_start := v_block;
  IF v_wrote THEN
    SELECT coalesce(max(ev.global_position) + 1, v_block) INTO v_start
      FROM public.events ev WHERE ev.global_position >= v_block AND ev.global_position < v_block + 1048576;
  END IF;
  IF v_start + 1 > v_block + 1048576 THEN
    RAISE EXCEPTION 'too many events in one transaction' USING ERRCODE = 'ES004';
  END IF;

  v_hash := public.event_chain_hash(p_data, p_event_id, p_metadata, v_hash, v_now,
                                    p_schema_version, p_stream_id, v_current + 1, p_type);
  INSERT INTO public.events (global_position, transaction_id, stream_id, stream_version, event_id,
                             type, schema_version, data, metadata, recorded_at, hash)
  VALUES (v_start, pg_current_xact_id(), p_stream_id, v_current + 1, p_event_id,
          p_type, p_schema_version, p_data::jsonb, p_metadata::jsonb, v_now, v_hash);

  RETURN QUERY SELECT v_current + 1, v_start, true;
END;
$$;

REVOKE ALL ON FUNCTION append_one_to_stream(text, text, bigint, uuid, text, integer, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION append_one_to_stream(text, text, bigint, uuid, text, integer, text, text) TO cases_app;

CREATE FUNCTION append_one_to_stream_with_rows(
  p_stream_id        text,
  p_expected_kind    text,
  p_expected_version bigint,
  p_event_id         uuid,
  p_type             text,
  p_schema_version   integer,
  p_data             text,
  p_metadata         text,
  p_rows             text,
  p_args             jsonb
) RETURNS TABLE (next_version bigint, last_position bigint, appended boolean)
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  v_result record;
BEGIN
  SELECT a.next_version, a.last_position, a.appended INTO v_result
    FROM public.append_one_to_stream(p_stream_id, p_expected_kind, p_expected_version, p_event_id, p_type,
                                     p_schema_version, p_data, p_metadata) AS a LIMIT 1;
  IF v_result.appended THEN
    EXECUTE p_rows USING p_args;
  END IF;
  RETURN QUERY SELECT v_result.next_version, v_result.last_position, v_result.appended;
END;
$$;

REVOKE ALL ON FUNCTION append_one_to_stream_with_rows(text, text, bigint, uuid, text, integer, text, text, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION append_one_to_stream_with_rows(text, text, bigint, uuid, text, integer, text, text, text, jsonb) TO cases_app;

-- Down Migration
DROP FUNCTION append_one_to_stream_with_rows(text, text, bigint, uuid, text, integer, text, text, text, jsonb);
DROP FUNCTION append_one_to_stream(text, text, bigint, uuid, text, integer, text, text);
