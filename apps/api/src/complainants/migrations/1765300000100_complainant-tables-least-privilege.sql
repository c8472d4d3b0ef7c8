-- Up Migration

-- Least privilege on the complainants' identity tables (docs/rules.md#complainant-confidentiality,
-- docs/architecture.md#trust). The application's role, cases_app, got every right on every table but
-- the log (migration 1764000000302). Whoever holds that role (an injection, a stolen password) could
-- then delete a case's identity and plant a plaintext row that the legacy sweep encrypted as the
-- case's identity at the next start (a forged identity disclosed as the real one), or delete or
-- TRUNCATE the data keys: an erasure with no ComplainantIdentityErased in the log. It keeps only what
-- the application issues:
--   complainant_identities        SELECT (purposeful read, backup), INSERT (filing's write_filing_rows,
--                                 which runs as its caller; the legacy sweep). Never changed or deleted:
--                                 erasure deletes the data key, the sealed row stays.
--   complainant_data_keys         SELECT, INSERT (filing, sweep), UPDATE of the wrapping only (the
--                                 master-key rotation rewraps: master_key_id, wrapped_key, rewrapped_at;
--                                 its SELECT … FOR UPDATE needs it too). DELETE only through
--                                 erase_complainant_data_key below, which requires the erasure event.
--   complainants_plaintext_legacy SELECT, DELETE (the sweep empties it). Nothing writes it any more:
--                                 its rows are those of versions before 1764000000400.
--   case_query_codes              as before (a reissue replaces the code) but TRUNCATE.
-- The tables exist already, so ALTER DEFAULT PRIVILEGES (tables created later) does not apply to them.
-- The owner keeps its rights: where it is also the application's role (DATABASE_URL alone), nothing
-- changes but that erasure goes through the function.
REVOKE ALL ON complainant_identities, complainant_data_keys, complainants_plaintext_legacy FROM cases_app;
GRANT SELECT, INSERT ON complainant_identities TO cases_app;
GRANT SELECT, INSERT ON complainant_data_keys TO cases_app;
GRANT UPDATE (master_key_id, wrapped_key, rewrapped_at) ON complainant_data_keys TO cases_app;
GRANT SELECT, DELETE ON complainants_plaintext_legacy TO cases_app;
REVOKE TRUNCATE ON case_query_codes FROM cases_app;

-- Crypto-shredding of a case's complainant: deletes the data key of the case's identity, only when the
-- case's stream in the log holds ComplainantIdentityErased. The erasure appends that event and calls
-- this in the same transaction (appendErasure), so the event is there; an erasure recorded before
-- whose key outlived it calls it again. A case whose stream is not in this database's log at all is
-- one of an EVENT_STORE=kurrentdb deployment, where the log cannot be checked from here: its key is
-- deleted as before (docs/rules.md#erasure-by-crypto-shredding says so). Returns the keys deleted.
CREATE FUNCTION erase_complainant_data_key(p_case_id uuid) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  v_stream  text := 'case-' || p_case_id::text;
  v_deleted integer;
BEGIN
  IF EXISTS (SELECT 1 FROM public.events WHERE stream_id = v_stream)
     AND NOT EXISTS (SELECT 1 FROM public.events WHERE stream_id = v_stream AND type = 'ComplainantIdentityErased') THEN
    RAISE EXCEPTION 'case % has no ComplainantIdentityErased in the log: its complainant''s data key is not deleted', p_case_id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  DELETE FROM public.complainant_data_keys
   WHERE ref IN (SELECT ref FROM public.complainant_identities WHERE case_id = p_case_id);
  GET DIAGNOSTICS v_deleted = ROW_COUNT;
  RETURN v_deleted;
END;
$$;
REVOKE ALL ON FUNCTION erase_complainant_data_key(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION erase_complainant_data_key(uuid) TO cases_app;

-- Nor is an erased person's data key stored again: whoever holds cases_app could have copied the
-- wrapped key before the erasure (it reads the table) and INSERT it back afterwards, and the API,
-- which holds the master keys, would open the identity again. Checked after each row (a filing
-- inserts its identity and key in one statement); with the log in PostgreSQL only, as above.
CREATE FUNCTION refuse_erased_complainant_data_key() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM public.complainant_identities p
               JOIN public.events e ON e.stream_id = 'case-' || p.case_id::text AND e.type = 'ComplainantIdentityErased'
              WHERE p.ref = NEW.ref) THEN
    RAISE EXCEPTION 'the complainant of data key % was erased: its data key is not stored again', NEW.ref
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER complainant_data_keys_not_after_erasure AFTER INSERT ON complainant_data_keys
  FOR EACH ROW EXECUTE FUNCTION refuse_erased_complainant_data_key();

-- Down Migration
DROP TRIGGER complainant_data_keys_not_after_erasure ON complainant_data_keys;
DROP FUNCTION refuse_erased_complainant_data_key();
DROP FUNCTION erase_complainant_data_key(uuid);
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON complainant_identities, complainant_data_keys, complainants_plaintext_legacy, case_query_codes TO cases_app;
