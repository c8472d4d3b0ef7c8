-- Up Migration

-- The complainant's identity, outside the event log (docs/rules.md#complainant-confidentiality): case events hold only `ref`.
-- Kept apart so it can be encrypted per complainant and forgotten (crypto-shredding) later while
-- the log stays intact; units and dashboards never read this table.
CREATE TABLE complainants (
  ref         uuid        PRIMARY KEY,
  case_id     uuid        NOT NULL,
  name        text        NOT NULL,
  phone       text        NOT NULL,
  enterprise  text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE complainants;
