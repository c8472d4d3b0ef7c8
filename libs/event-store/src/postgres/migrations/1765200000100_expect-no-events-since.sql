-- Up Migration

-- AppendOptions.decidedOnLog: a decision made on what the global log did not hold. A unit is retired
-- only while it holds no open case, no open finding and no active child unit, and those are found
-- by reading the log (and the case list caught up with it) through a position, not one stream: a
-- case dispatched to the unit, a finding raised against it or a unit registered under it that
-- commits after that read and before the retirement's append would be left to a retired unit.
--
-- The append statement calls this after its events are inserted (append-statement.ts, in its WHERE,
-- only when they were newly appended), beside expect_stream_versions: if an event of another stream
-- after p_position matches one of the patterns (its type, and its data containing p_data, jsonb
-- `@>`), the error rolls the append back. ES005 (as a moved stream) names '$all' in HINT and the
-- first such event's position in DETAIL; the writer reads the log again and decides again.
--
-- Exact against the writers that confirm the appended stream (their decidedOn names it, as every
-- command that gives a unit work confirms the unit's version): each holds that stream's lock in
-- share mode until it ends, and the append took it exclusively before inserting, so those still
-- open were waited for, and this statement (a new snapshot: READ COMMITTED, a volatile function)
-- sees their events. One that comes later waits for the append and finds the stream moved.
-- Positions follow transaction ids (1765000000100), so an event not yet visible when p_position was
-- read lies after it. The table is read directly, not through the visibility horizon: an event
-- committed a moment ago counts.

CREATE FUNCTION expect_no_events_since(p_stream_id text, p_position bigint, p_types text[], p_data jsonb[])
RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  v_found bigint;
BEGIN
  IF coalesce(array_length(p_types, 1), 0) <> coalesce(array_length(p_data, 1), 0) THEN
    RAISE EXCEPTION 'expect_no_events_since: % types, % data patterns',
      coalesce(array_length(p_types, 1), 0), coalesce(array_length(p_data, 1), 0)
      USING ERRCODE = '22023';
  END IF;
  -- One range of the (type, global_position) index per pattern.
  SELECT min(hit.global_position) INTO v_found
    FROM unnest(p_types, p_data) AS m(type, data)
    CROSS JOIN LATERAL (
      SELECT ev.global_position FROM public.events ev
       WHERE ev.type = m.type AND ev.global_position > p_position
         AND ev.stream_id <> p_stream_id AND ev.data @> m.data
       ORDER BY ev.global_position LIMIT 1) hit;
  IF v_found IS NOT NULL THEN
    RAISE EXCEPTION 'an event the decision found absent was appended after position %', p_position
      USING ERRCODE = 'ES005', DETAIL = v_found::text, HINT = '$all';
  END IF;
  RETURN true;
END;
$$;

REVOKE ALL ON FUNCTION expect_no_events_since(text, bigint, text[], jsonb[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION expect_no_events_since(text, bigint, text[], jsonb[]) TO cases_app;

-- Down Migration
DROP FUNCTION expect_no_events_since(text, bigint, text[], jsonb[]);
