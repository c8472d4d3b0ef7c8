-- Up Migration

-- AppendOptions.decidedOn: the other streams a decision was made on, at the versions the writer
-- read them. The append statement calls this after append_one_to_stream / append_to_stream has
-- inserted its events (append-statement.ts: in its WHERE, only when the events were newly appended),
-- so the check and the append are one statement, one implicit transaction and one round trip: if a
-- stream has moved, the error rolls the events back. A command decided on configuration held in
-- memory (units, calendar, time limits) thereby needs no round trip of its own to ask the log for
-- their versions first.
--
-- Each stream is first locked in share mode with the key the append functions lock a stream with
-- (pg_advisory_xact_lock(1163285587, hashtext(stream))), until the transaction ends. So the check
-- is exact: an append to one of those streams that is still open makes this wait for it and then
-- see its event, and one that comes later waits for this transaction to end. A unit retired or a
-- policy published is never missed by a command committing at the same time. Shared locks do not
-- wait for each other: commands deciding on the same unit do not queue behind one another. A
-- stream's version is its last event's, read as readStream reads (no visibility horizon): what the
-- writer's copy was read from. ES005 names the first stream that moved, in HINT, its version now in
-- DETAIL.
--
-- Locks are taken in this order: the appended stream's, then these. A decision on a stream that is
-- itself appended to with a decidedOn naming the first could deadlock (PostgreSQL then refuses one
-- of the two); configuration streams are appended to without decidedOn.

CREATE FUNCTION expect_stream_versions(p_stream_ids text[], p_versions bigint[])
RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  v_current bigint;
BEGIN
  IF coalesce(array_length(p_stream_ids, 1), 0) <> coalesce(array_length(p_versions, 1), 0) THEN
    RAISE EXCEPTION 'expect_stream_versions: % stream ids, % versions',
      coalesce(array_length(p_stream_ids, 1), 0), coalesce(array_length(p_versions, 1), 0)
      USING ERRCODE = '22023';
  END IF;
  FOR i IN 1 .. coalesce(array_length(p_stream_ids, 1), 0) LOOP
    PERFORM pg_advisory_xact_lock_shared(1163285587, hashtext(p_stream_ids[i]));  -- 1163285587 = 'EVTS'
    SELECT ev.stream_version INTO v_current
      FROM public.events ev WHERE ev.stream_id = p_stream_ids[i] ORDER BY ev.stream_version DESC LIMIT 1;
    v_current := coalesce(v_current, 0);
    IF v_current <> p_versions[i] THEN
      RAISE EXCEPTION 'stream % moved since the decision read it', p_stream_ids[i]
        USING ERRCODE = 'ES005', DETAIL = v_current::text, HINT = p_stream_ids[i];
    END IF;
  END LOOP;
  RETURN true;
END;
$$;

REVOKE ALL ON FUNCTION expect_stream_versions(text[], bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION expect_stream_versions(text[], bigint[]) TO cases_app;

-- Down Migration
DROP FUNCTION expect_stream_versions(text[], bigint[]);
