-- Up Migration

-- Tamper evidence, part 1: every event carries a hash chained to the previous event of its stream
-- (docs/architecture.md#the-event-store). The verifier (libs/event-store/src/integrity) recomputes
--
--   hash = hex(SHA-256(UTF-8(JCS({ data, eventId, metadata, previousHash, recordedAt,
--                                  schemaVersion, streamId, streamVersion, type }))))
--
-- in Node from the stored row, JCS being RFC 8785. Appends stay one round trip: the writer sends
-- data and metadata already in canonical form (`data_json`, `metadata_json`), append_to_stream
-- takes the previous hash from event_streams (the row it reads anyway) and hashes in SQL. The
-- canonical JSON in SQL below is used for rows written before this migration and for callers that
-- send plain `data`/`metadata`; a test holds it and the Node one to the same bytes.

-- RFC 8785 form of a JSON number: ECMAScript's Number::toString of the nearest double, i.e. the
-- fewest significant digits that read back as that double, laid out as ECMAScript does (exponent
-- form below 1e-6 and from 1e21). float8's own output (extra_float_digits = 1) reads back exactly
-- but is not always the shortest (42468617959221300 prints as 4.2468617959221296e+16), so it is
-- rounded to 1, 2, … significant digits until a rounding reads back as the same double.
CREATE FUNCTION event_chain_number(p numeric) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT SET extra_float_digits = 1 AS $$
DECLARE
  v_double    float8 := abs(p::float8);
  v_exact     numeric;
  v_magnitude integer;
  v_candidate numeric;
  v_shortest  numeric;
  v_integer   text;
  v_fraction  text;
  v_digits    text;
  v_n         integer;  -- the value is 0.<v_digits> × 10^v_n
  v_k         integer;
  v_text      text;
BEGIN
  IF v_double = 0 THEN
    RETURN '0';
  END IF;
  v_exact := v_double::text::numeric;
  v_integer := split_part(v_exact::text, '.', 1);
  v_fraction := split_part(v_exact::text, '.', 2);
  v_magnitude := CASE WHEN v_integer <> '0' THEN length(v_integer) - 1
                      ELSE length(ltrim(v_fraction, '0')) - length(v_fraction) - 1 END;
  v_shortest := v_exact;
  FOR k IN 1 .. 17 LOOP
    v_candidate := round(v_exact, k - 1 - v_magnitude);
    -- A rounding up past the largest double would not read back at all.
    CONTINUE WHEN v_candidate > 1.7976931348623158e308;
    IF v_candidate::float8 = v_double THEN
      v_shortest := v_candidate;
      EXIT;
    END IF;
  END LOOP;

  v_integer := split_part(v_shortest::text, '.', 1);
  v_fraction := split_part(v_shortest::text, '.', 2);
  v_digits := v_integer || v_fraction;
  v_n := length(v_integer);
  WHILE left(v_digits, 1) = '0' LOOP
    v_digits := substr(v_digits, 2);
    v_n := v_n - 1;
  END LOOP;
  v_digits := rtrim(v_digits, '0');
  v_k := length(v_digits);
  IF v_k <= v_n AND v_n <= 21 THEN
    v_text := v_digits || repeat('0', v_n - v_k);
  ELSIF 0 < v_n AND v_n <= 21 THEN
    v_text := left(v_digits, v_n) || '.' || substr(v_digits, v_n + 1);
  ELSIF -6 < v_n AND v_n <= 0 THEN
    v_text := '0.' || repeat('0', -v_n) || v_digits;
  ELSE
    v_text := left(v_digits, 1) || CASE WHEN v_k > 1 THEN '.' || substr(v_digits, 2) ELSE '' END
              || 'e' || CASE WHEN v_n - 1 >= 0 THEN '+' ELSE '-' END || abs(v_n - 1)::text;
  END IF;
  RETURN CASE WHEN p < 0 THEN '-' || v_text ELSE v_text END;
END;
$$;

-- RFC 8785 orders object keys by UTF-16 code units. Code point order (COLLATE "C") differs from it
-- only between characters above U+FFFF and those from U+E000 to U+FFFF, so keys are compared as
-- arrays of UTF-16 code units.
CREATE FUNCTION event_chain_utf16(p text) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  v_units integer[] := '{}';
  v_code  integer;
BEGIN
  FOR i IN 1 .. length(p) LOOP
    v_code := ascii(substr(p, i, 1));
    IF v_code < 65536 THEN
      v_units := v_units || v_code;
    ELSE
      v_units := v_units || (55296 + ((v_code - 65536) >> 10)) || (56320 + ((v_code - 65536) & 1023));
    END IF;
  END LOOP;
  RETURN v_units;
END;
$$;

-- RFC 8785 canonical JSON of a jsonb value. Strings (and keys) are escaped by PostgreSQL's JSON
-- output exactly as ECMAScript's JSON.stringify escapes them: \" \\ \b \f \n \r \t, other control
-- characters as \u00xx, everything else as is.
CREATE FUNCTION event_chain_json(p jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT SET extra_float_digits = 1 AS $$
BEGIN
  CASE jsonb_typeof(p)
    WHEN 'object' THEN
      RETURN '{' || coalesce((SELECT string_agg(to_json(key)::text || ':' || event_chain_json(value), ',' ORDER BY event_chain_utf16(key))
                                FROM jsonb_each(p)), '') || '}';
    WHEN 'array' THEN
      RETURN '[' || coalesce((SELECT string_agg(event_chain_json(value), ',' ORDER BY n)
                                FROM jsonb_array_elements(p) WITH ORDINALITY AS t(value, n)), '') || ']';
    WHEN 'number' THEN
      RETURN event_chain_number(p::numeric);
    ELSE
      RETURN p::text;  -- a string, true, false or null
  END CASE;
END;
$$;

-- The instant as JavaScript's toISOString writes it (milliseconds, truncated, UTC). Readers select
-- recorded_at through it too, so the envelope shows exactly what was hashed.
CREATE FUNCTION event_chain_instant(p timestamptz) RETURNS text
LANGUAGE sql STABLE STRICT AS $$
  SELECT to_char(p AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- The hash of one event, given its data and metadata in canonical form. The keys are written in
-- RFC 8785 order (data < eventId < metadata < previousHash < recordedAt < schemaVersion < streamId
-- < streamVersion < type).
CREATE FUNCTION event_chain_hash(
  p_data_json      text,
  p_event_id       uuid,
  p_metadata_json  text,
  p_previous_hash  text,
  p_recorded_at    timestamptz,
  p_schema_version integer,
  p_stream_id      text,
  p_stream_version bigint,
  p_type           text
) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(
    '{"data":' || p_data_json
    || ',"eventId":"' || p_event_id::text
    || '","metadata":' || p_metadata_json
    || ',"previousHash":' || coalesce('"' || p_previous_hash || '"', 'null')
    || ',"recordedAt":"' || event_chain_instant(p_recorded_at)
    || '","schemaVersion":' || p_schema_version::text
    || ',"streamId":' || to_json(p_stream_id)::text
    || ',"streamVersion":' || p_stream_version::text
    || ',"type":' || to_json(p_type)::text
    || '}', 'UTF8')), 'hex')
$$;

ALTER TABLE events ADD COLUMN hash text;
ALTER TABLE event_streams ADD COLUMN head_hash text;

-- Events written before this migration: their chain is computed once, here, as the owner. It
-- vouches for the log as it stood at this moment; a change made earlier cannot be told apart.
ALTER TABLE events DISABLE TRIGGER events_refuse_update_delete;
DO $$
DECLARE
  r        record;
  v_stream text;
  v_hash   text;
BEGIN
  FOR r IN SELECT global_position, stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at
             FROM events ORDER BY stream_id, stream_version LOOP
    IF r.stream_id IS DISTINCT FROM v_stream THEN
      v_stream := r.stream_id;
      v_hash := NULL;
    END IF;
    v_hash := event_chain_hash(event_chain_json(r.data), r.event_id, event_chain_json(r.metadata), v_hash, r.recorded_at,
                               r.schema_version, r.stream_id, r.stream_version, r.type);
    UPDATE events SET hash = v_hash WHERE global_position = r.global_position;
  END LOOP;
END;
$$;
ALTER TABLE events ENABLE TRIGGER events_refuse_update_delete;
UPDATE event_streams s SET head_hash = e.hash FROM events e WHERE e.stream_id = s.stream_id AND e.stream_version = s.version;
ALTER TABLE events ALTER COLUMN hash SET NOT NULL;

-- As before, plus the chain. Each event's data and metadata come either in canonical form
-- (`data_json`, `metadata_json`: text the writer made with RFC 8785; stored as jsonb, hashed as
-- sent) or as plain JSON (`data`, `metadata`: canonicalised here). The previous hash is the stream's
-- head_hash, read with its version: no extra read per append.
--
-- SECURITY DEFINER: it runs as the owner of the log, so the application's role (cases_app, see the
-- next migrations) needs no INSERT on events at all and cannot write a row the chain does not cover.
-- The search_path is fixed so that no object the caller creates can stand in for one used here.
DROP FUNCTION append_to_stream(text, text, bigint, jsonb);
CREATE FUNCTION append_to_stream(
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

  -- Delivered at commit: wakes live subscribers without polling.
  PERFORM pg_notify('event_store_appended', '');

  RETURN QUERY SELECT v_current + v_count, v_start + v_count - 1, true;
END;
$$;

-- Down Migration
DROP FUNCTION append_to_stream(text, text, bigint, jsonb);
ALTER TABLE event_streams DROP COLUMN head_hash;
ALTER TABLE events DROP COLUMN hash;
DROP FUNCTION event_chain_hash(text, uuid, text, text, timestamptz, integer, text, bigint, text);
DROP FUNCTION event_chain_instant(timestamptz);
DROP FUNCTION event_chain_json(jsonb);
DROP FUNCTION event_chain_utf16(text);
DROP FUNCTION event_chain_number(numeric);
