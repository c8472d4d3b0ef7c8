-- Up Migration

-- One row per projection: which version of it and which generation of its tables are live, and
-- how far into the global log they are. Updated in the same transaction as the rows it describes.
CREATE TABLE projection_checkpoints (
  name            text          PRIMARY KEY,
  version         integer       NOT NULL,
  generation      integer       NOT NULL,
  -- Global position of the last event applied (NULL: none yet). numeric: KurrentDB positions are u64.
  position        numeric(20,0),
  events_applied  bigint        NOT NULL DEFAULT 0,
  -- Events of the followed streams whose type the projection has no handler for.
  events_skipped  bigint        NOT NULL DEFAULT 0,
  last_event_at   timestamptz,
  updated_at      timestamptz   NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE projection_checkpoints;
