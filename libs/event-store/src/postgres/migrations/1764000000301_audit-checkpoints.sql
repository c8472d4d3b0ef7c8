-- Up Migration

-- Tamper evidence, part 2: signed checkpoints (libs/event-store/src/integrity/checkpoints.ts). Each
-- row is a statement signed with the checkpoint key (Ed25519): the heads (stream, version, hash) of
-- the streams changed since the previous checkpoint, up to a global position, and the hash of the
-- previous statement. A stream deleted or cut short after a checkpoint no longer shows the head it
-- signed. Kept in PostgreSQL whichever store holds the events, like read models and their
-- checkpoints.
CREATE TABLE audit_checkpoints (
  sequence    bigint      PRIMARY KEY CHECK (sequence >= 1),
  -- The signed bytes, kept exactly as signed (RFC 8785 JSON).
  statement   text        NOT NULL,
  -- Ed25519 over the UTF-8 bytes of statement, base64url.
  signature   text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION rows_are_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'rows of % are immutable: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'ES003';
END;
$$;

CREATE TRIGGER audit_checkpoints_refuse_update_delete
  BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION rows_are_immutable();

CREATE TRIGGER audit_checkpoints_refuse_truncate
  BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION rows_are_immutable();

-- Down Migration
DROP TABLE audit_checkpoints;
DROP FUNCTION rows_are_immutable();
