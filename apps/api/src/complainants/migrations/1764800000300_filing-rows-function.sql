-- Up Migration

-- The complainant's rows of a filing (the sealed identity, its data key, the query code), written by
-- append_one_to_stream_with_rows right after ComplaintFiled. That function runs the caller's
-- statement with EXECUTE, which parses and plans it at every call: the three INSERTs of a filing
-- cost the backend about 275 µs a filing, more than the append itself (~165 µs). Here they are the
-- static statements of a function, planned once per connection, and the statement the append runs
-- is `SELECT write_filing_rows($1)`: about 135 µs (a throwaway micro-benchmark, one connection,
-- 2,000 filings x 3 rounds, 1 December 2026). The rows are the same: see complainant-filing.ts.
--
-- It runs as its caller (no SECURITY DEFINER): the application's role writes its own rows.

CREATE FUNCTION write_filing_rows(p_args jsonb) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  WITH arg AS (
    SELECT (p_args->>0)::uuid AS ref, (p_args->>1)::uuid AS case_id, decode(p_args->>2, 'base64') AS sealed,
           p_args->>3 AS master_key_id, decode(p_args->>4, 'base64') AS wrapped_key, p_args->>5 AS selector,
           decode(p_args->>6, 'base64') AS code_hash
  ), identity AS (
    INSERT INTO public.complainant_identities (ref, case_id, sealed) SELECT ref, case_id, sealed FROM arg WHERE ref IS NOT NULL
  ), data_key AS (
    INSERT INTO public.complainant_data_keys (ref, master_key_id, wrapped_key) SELECT ref, master_key_id, wrapped_key FROM arg WHERE ref IS NOT NULL
  )
  INSERT INTO public.case_query_codes (case_id, selector, code_hash) SELECT case_id, selector, code_hash FROM arg;
END;
$$;

REVOKE ALL ON FUNCTION write_filing_rows(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION write_filing_rows(jsonb) TO cases_app;

-- Down Migration
DROP FUNCTION write_filing_rows(jsonb);
