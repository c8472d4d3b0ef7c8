-- Up Migration

-- An append and the caller's rows that belong to its events (AppendOptions.alongsideStatement: the
-- complainant's sealed identity and query code with ComplaintFiled) in one statement, so in one
-- round trip and one implicit transaction: no BEGIN, no separate INSERT, no COMMIT. Filing took
-- five round trips (the configuration's versions, BEGIN, append_to_stream, the rows, COMMIT); it
-- takes two.
--
-- append_to_stream runs first, so it is still the transaction's first write (it takes the stream's
-- lock before the transaction gets its id: see 1764000000300_hash-chain.sql). The rows are written
-- only when it appended: a retry that finds its events stored writes nothing again. `p_rows` is one
-- SQL statement whose only parameter, $1, is `p_args`, a jsonb array; it is run as the caller (not
-- SECURITY DEFINER), with the caller's rights on its own tables. If it fails, the statement fails
-- and nothing is appended.

CREATE FUNCTION append_to_stream_with_rows(
  p_stream_id        text,
  p_expected_kind    text,
  p_expected_version bigint,
  p_events           jsonb,
  p_rows             text,
  p_args             jsonb
) RETURNS TABLE (next_version bigint, last_position bigint, appended boolean)
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  v_result record;
BEGIN
  SELECT a.next_version, a.last_position, a.appended INTO v_result
    FROM public.append_to_stream(p_stream_id, p_expected_kind, p_expected_version, p_events) AS a LIMIT 1;
  IF v_result.appended THEN
    EXECUTE p_rows USING p_args;
  END IF;
  RETURN QUERY SELECT v_result.next_version, v_result.last_position, v_result.appended;
END;
$$;

REVOKE ALL ON FUNCTION append_to_stream_with_rows(text, text, bigint, jsonb, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION append_to_stream_with_rows(text, text, bigint, jsonb, text, jsonb) TO cases_app;

-- Down Migration
DROP FUNCTION append_to_stream_with_rows(text, text, bigint, jsonb, text, jsonb);
