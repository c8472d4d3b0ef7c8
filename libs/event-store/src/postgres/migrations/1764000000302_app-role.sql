-- Up Migration

-- Tamper evidence, part 3: the application connects as cases_app, a role that reads the log and
-- appends to it only through append_to_stream (SECURITY DEFINER), and cannot UPDATE, DELETE or
-- TRUNCATE events, nor disable their triggers (that needs the table's owner). Migrations run as
-- the owner: the role running this file (the embedded server's superuser, or DATABASE_MIGRATION_URL).
--
-- The role is created here without LOGIN: the embedded server gives it a password at every start
-- (libs/platform/src/database-roles.ts); with DATABASE_URL, the operator does
-- `ALTER ROLE cases_app LOGIN PASSWORD '…'` once (README, Configuration). Roles belong to the
-- cluster, so it may exist already (another database, an earlier run).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cases_app') THEN
    BEGIN
      CREATE ROLE cases_app NOLOGIN;
    EXCEPTION
      WHEN duplicate_object OR unique_violation THEN
        NULL;  -- created meanwhile by a migration of another database on this cluster
      WHEN insufficient_privilege THEN
        RAISE EXCEPTION 'the migration role % may not create roles', current_user
          USING HINT = 'Create the application role first (CREATE ROLE cases_app LOGIN PASSWORD ''...''), or migrate as a role with CREATEROLE';
    END;
  END IF;
  -- A migration role that is not a superuser must be able to hand read models over to cases_app
  -- (below) and to alter them in later migrations.
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT cases_app TO %I', current_user);
  END IF;
END;
$$;

-- Everything but the log: the application's own tables, read and written as before. Tables that
-- later migrations create (as this role) get the same rights.
GRANT USAGE, CREATE ON SCHEMA public TO cases_app;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO cases_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO cases_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO cases_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO cases_app;

-- The log: read it; append through append_to_stream only. Checkpoints: read and add, never change.
-- A later migration that adds a table to the log must revoke the default rights the same way.
REVOKE ALL ON events, event_streams, audit_checkpoints, pgmigrations FROM cases_app;
GRANT SELECT ON events, event_streams TO cases_app;
GRANT SELECT, INSERT ON audit_checkpoints TO cases_app;
REVOKE ALL ON FUNCTION append_to_stream(text, text, bigint, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION append_to_stream(text, text, bigint, jsonb) TO cases_app;

-- Read models are built at run time: the application drops and creates their tables (`<name>__g<n>`)
-- and views, which needs ownership. Those the owner created (before this migration, or by a rebuild
-- run with the owner's URL) are handed over; libs/platform/src/open-database.ts calls this at every
-- start where the application and the owner are different roles.
CREATE FUNCTION hand_over_read_models() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  r       record;
  v_count integer := 0;
BEGIN
  FOR r IN SELECT c.relname, c.relkind
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public'
              AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = 'cases_app')
              AND (c.relkind = 'v' OR (c.relkind = 'r' AND c.relname ~ '__g[0-9]+$')) LOOP
    EXECUTE format('ALTER %s %I OWNER TO cases_app', CASE r.relkind WHEN 'v' THEN 'VIEW' ELSE 'TABLE' END, r.relname);
    v_count := v_count + 1;
  END LOOP;
  RETURN v_count;
END;
$$;
REVOKE ALL ON FUNCTION hand_over_read_models() FROM PUBLIC;
SELECT hand_over_read_models();

-- Down Migration
DROP FUNCTION hand_over_read_models();
REVOKE ALL ON FUNCTION append_to_stream(text, text, bigint, jsonb) FROM cases_app;
GRANT EXECUTE ON FUNCTION append_to_stream(text, text, bigint, jsonb) TO PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM cases_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM cases_app;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM cases_app;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM cases_app;
REVOKE ALL ON SCHEMA public FROM cases_app;
