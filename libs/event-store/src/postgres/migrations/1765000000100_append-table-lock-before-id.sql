-- Up Migration

-- An append's transaction gets its id in the append's INSERT, once that INSERT holds its lock on the
-- log's table, instead of before it.
--
-- Why: PostgreSQL shows a committed event to readers only once every older transaction id on the
-- whole server has ended (docs/architecture.md). An append took its transaction's id (for its
-- positions) and then waited on the table for its INSERT. Behind a lock held elsewhere on the log (a
-- migration's CREATE INDEX, an operator's LOCK TABLE), a command waited its 5 s with an id, and every
-- read model of every database on the server stood still meanwhile: seen as a browser test's
-- read-your-writes 503 in another database, while the lock-wait test ran beside it. Now the position
-- of a transaction's first event is computed in the INSERT (`coalesce(v_start, id << 20)`), whose
-- lock on the table is taken before any of its values is: the wait comes first and holds back
-- nobody; the wait, its 5 s bound and the 503 are unchanged. An append that only answers (a retry of
-- one that committed, a wrong expected version) writes nothing and, as before, takes no id and waits
-- on no lock of the table's but a reader's. A transaction that wrote before the call (a decision appending to several streams) has its id
-- already and computes its next position as before.
--
-- An explicit `LOCK TABLE events IN ROW EXCLUSIVE MODE` before the id was measured beside this and
-- cost the same (bench/JOURNAL.md, 6 December), but it would make those answering appends wait on a
-- lock held elsewhere too.
--
-- The bodies are those of 1764800000200_append-one-event.sql and
-- 1764600000200_append-probe-only-off-version.sql with that change; the lock_timeout of
-- 1764900000200_append-lock-wait.sql is restated, as a replacement takes its settings from its own
-- definition (owner and grants are kept). The _with_rows forms call these two and are unchanged.

CREATE OR REPLACE FUNCTION append_one_to_stream(
  p_stream_id        text,
  p_expected_kind    text,
  p_expected_version bigint,
  p_event_id         uuid,
  p_type             text,
  p_schema_version   integer,
  p_data             text,
  p_metadata         text
) RETURNS TABLE (next_version bigint, last_position bigint, appended boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp SET lock_timeout = '5s' AS $$
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

  -- Positions continue inside this transaction's block, should it have appended before. A
  -- transaction with no id yet gets it in the INSERT below, once the INSERT holds its lock on the
  -- table: waiting behind a lock held elsewhere on the log, it has no id, so it holds back no
  -- reader anywhere on the server (migration 1765000000100).
  IF v_wrote THEN
    v_block := (pg_current_xact_id()::text::bigint) << 20;
    SELECT coalesce(max(ev.global_position) + 1, v_block) INTO v_start
      FROM public.events ev WHERE ev.global_position >= v_block AND ev.global_position < v_block + 1048576;
    IF v_start + 1 > v_block + 1048576 THEN
      RAISE EXCEPTION 'too many events in one transaction' USING ERRCODE = 'ES004';
    END IF;
  END IF;

  v_hash := public.event_chain_hash(p_data, p_event_id, p_metadata, v_hash, v_now,
                                    p_schema_version, p_stream_id, v_current + 1, p_type);
  INSERT INTO public.events (global_position, transaction_id, stream_id, stream_version, event_id,
                             type, schema_version, data, metadata, recorded_at, hash)
  VALUES (coalesce(v_start, (pg_current_xact_id()::text::bigint) << 20), pg_current_xact_id(), p_stream_id,
          v_current + 1, p_event_id, p_type, p_schema_version, p_data::jsonb, p_metadata::jsonb, v_now, v_hash)
  RETURNING global_position INTO v_start;

  RETURN QUERY SELECT v_current + 1, v_start, true;
END;
$$;

CREATE OR REPLACE FUNCTION append_to_stream(
  p_stream_id        text,
  p_expected_kind    text,
  p_expected_version bigint,
  p_events           jsonb
) RETURNS TABLE (next_version bigint, last_position bigint, appended boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp SET lock_timeout = '5s' AS $$
DECLARE
  v_count     integer := jsonb_array_length(p_events);
  v_current   bigint;
  v_hash      text;
  v_ids       uuid[];
  v_existing  integer := 0;
  v_first     bigint;
  v_block     bigint;
  v_start     bigint;
  v_last      bigint;
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

  -- Positions continue inside this transaction's block, should it have appended before. A
  -- transaction with no id yet gets it in the first INSERT below, once the INSERT holds its lock on the
  -- table: waiting behind a lock held elsewhere on the log, it has no id, so it holds back no
  -- reader anywhere on the server (migration 1765000000100).
  IF v_wrote THEN
    v_block := (pg_current_xact_id()::text::bigint) << 20;
    SELECT coalesce(max(ev.global_position) + 1, v_block) INTO v_start
      FROM public.events ev WHERE ev.global_position >= v_block AND ev.global_position < v_block + 1048576;
    IF v_start + v_count > v_block + 1048576 THEN
      RAISE EXCEPTION 'too many events in one transaction' USING ERRCODE = 'ES004';
    END IF;
  ELSIF v_count > 1048576 THEN
    RAISE EXCEPTION 'too many events in one transaction' USING ERRCODE = 'ES004';
  END IF;

  FOR v_event, v_index IN SELECT t.e, t.o FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o) LOOP
    v_data := coalesce(v_event ->> 'data_json', public.event_chain_json(v_event -> 'data'));
    v_metadata := coalesce(v_event ->> 'metadata_json', public.event_chain_json(v_event -> 'metadata'));
    v_hash := public.event_chain_hash(v_data, (v_event ->> 'event_id')::uuid, v_metadata, v_hash, v_now,
                                      (v_event ->> 'schema_version')::integer, p_stream_id, v_current + v_index, v_event ->> 'type');
    INSERT INTO public.events (global_position, transaction_id, stream_id, stream_version, event_id,
                               type, schema_version, data, metadata, recorded_at, hash)
    VALUES (coalesce(v_start + v_index - 1, (pg_current_xact_id()::text::bigint) << 20), pg_current_xact_id(), p_stream_id,
            v_current + v_index, (v_event ->> 'event_id')::uuid, v_event ->> 'type', (v_event ->> 'schema_version')::integer,
            v_data::jsonb, v_metadata::jsonb, v_now, v_hash)
    RETURNING global_position INTO v_last;
    v_start := coalesce(v_start, v_last);
  END LOOP;

  RETURN QUERY SELECT v_current + v_count, v_start + v_count - 1, true;
END;
$$;

-- Down Migration

-- Nothing to undo: both functions keep their signatures, results, errors and settings, so the code
-- of the migration before this one runs on them as on its own (its bodies are in the two files
-- named above, should they be wanted back).
