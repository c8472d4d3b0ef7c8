-- Up Migration

-- A read model whose live batch keeps failing (projection-runner.ts, projection-stops.ts): the
-- event it is stopped on, the error (its class or SQLSTATE and a bounded message with values
-- masked: no personal data), since when and how many times it was tried there. One row per read
-- model, upserted by whichever instance leads it; removed once its checkpoint moves past the event,
-- or when it is rebuilt. Read by /health and /api/v1/health/details, which report it only from
-- STOPPED_AFTER_ATTEMPTS consecutive failures on the same event (a lost connection, a serialization
-- failure fails once or twice, then the retry goes through).
CREATE TABLE projection_stops (
  name            text          PRIMARY KEY,
  -- The event it is stopped on: its global position (numeric: KurrentDB positions are u64), stream and version.
  position        numeric(20,0) NOT NULL,
  stream_id       text          NOT NULL,
  stream_version  bigint        NOT NULL,
  event_type      text          NOT NULL,
  error           text          NOT NULL,
  attempts        integer       NOT NULL DEFAULT 1,
  since           timestamptz   NOT NULL DEFAULT now(),
  last_attempt_at timestamptz   NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE projection_stops;
