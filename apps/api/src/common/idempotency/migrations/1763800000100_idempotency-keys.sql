-- Up Migration

-- Responses of commands sent with an Idempotency-Key, per caller. A `pending` row is a command in
-- flight; its lease lets a retry take over after a crash (the retry then finds the events the first
-- attempt appended, by their key-derived ids, and answers with them).
CREATE TABLE idempotency_keys (
  actor_id         text        NOT NULL,
  idempotency_key  text        NOT NULL,
  request_hash     text        NOT NULL,
  state            text        NOT NULL CHECK (state IN ('pending', 'completed')),
  status_code      integer,
  response_body    jsonb,
  response_headers jsonb,
  locked_until     timestamptz NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  completed_at     timestamptz,
  PRIMARY KEY (actor_id, idempotency_key)
);

-- Down Migration
DROP TABLE idempotency_keys;
