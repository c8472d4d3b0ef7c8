-- Up Migration

-- Least privilege on the ledger's people (docs/rules.md#who-raised-a-finding), as on the
-- complainants' identities (1765300000100_complainant-tables-least-privilege.sql): whoever holds the
-- application's role, cases_app, could delete or TRUNCATE the raisers' data keys, an erasure with no
-- RaiserIdentityErased in the log. It keeps what the application issues:
--   ledger_people       SELECT, INSERT (FindingRaised's rows). Never changed or deleted.
--   ledger_person_keys  SELECT, INSERT, UPDATE of the wrapping only (the master-key rotation).
--                       DELETE only through erase_raiser_data_key below.
REVOKE ALL ON ledger_people, ledger_person_keys FROM cases_app;
GRANT SELECT, INSERT ON ledger_people TO cases_app;
GRANT SELECT, INSERT ON ledger_person_keys TO cases_app;
GRANT UPDATE (master_key_id, wrapped_key, rewrapped_at) ON ledger_person_keys TO cases_app;

-- Crypto-shredding of the person who raised a finding: deletes their data key only when the finding's
-- stream holds RaiserIdentityErased (appended in the same transaction by appendErasure). A finding
-- whose stream is not in this database's log (EVENT_STORE=kurrentdb) cannot be checked from here.
CREATE FUNCTION erase_raiser_data_key(p_finding_id uuid) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  v_stream  text := 'finding-' || p_finding_id::text;
  v_deleted integer;
BEGIN
  IF EXISTS (SELECT 1 FROM public.events WHERE stream_id = v_stream)
     AND NOT EXISTS (SELECT 1 FROM public.events WHERE stream_id = v_stream AND type = 'RaiserIdentityErased') THEN
    RAISE EXCEPTION 'finding % has no RaiserIdentityErased in the log: its raiser''s data key is not deleted', p_finding_id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  DELETE FROM public.ledger_person_keys
   WHERE ref IN (SELECT ref FROM public.ledger_people WHERE finding_id = p_finding_id);
  GET DIAGNOSTICS v_deleted = ROW_COUNT;
  RETURN v_deleted;
END;
$$;
REVOKE ALL ON FUNCTION erase_raiser_data_key(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION erase_raiser_data_key(uuid) TO cases_app;

-- Nor is an erased person's data key stored again: whoever holds cases_app could have copied the
-- wrapped key before the erasure (it reads the table) and INSERT it back afterwards, and the API,
-- which holds the master keys, would open the identity again. Checked after each row (a filing
-- inserts its identity and key in one statement); with the log in PostgreSQL only, as above.
CREATE FUNCTION refuse_erased_raiser_data_key() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM public.ledger_people p
               JOIN public.events e ON e.stream_id = 'finding-' || p.finding_id::text AND e.type = 'RaiserIdentityErased'
              WHERE p.ref = NEW.ref) THEN
    RAISE EXCEPTION 'the raiser of data key % was erased: its data key is not stored again', NEW.ref
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER ledger_person_keys_not_after_erasure AFTER INSERT ON ledger_person_keys
  FOR EACH ROW EXECUTE FUNCTION refuse_erased_raiser_data_key();

-- Down Migration
DROP TRIGGER ledger_person_keys_not_after_erasure ON ledger_person_keys;
DROP FUNCTION refuse_erased_raiser_data_key();
DROP FUNCTION erase_raiser_data_key(uuid);
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ledger_people, ledger_person_keys TO cases_app;
