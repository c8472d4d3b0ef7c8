-- Up Migration

-- A read model the projector will not build (projection-runner.ts): the log it would be built from
-- fails verification, and it is not built from such a log unless an operator forces it
-- (`npm run projections -- rebuild <name> --force`). Written by the runner when it refuses, removed
-- by any rebuild of the read model that completes; read by /health and /api/v1/health/details, and
-- by the 503 a query of the read model answers, so that an operator learns why it stays unbuilt.
CREATE TABLE projection_build_refusals (
  name    text        PRIMARY KEY,
  reason  text        NOT NULL,
  since   timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE projection_build_refusals;
