-- Up Migration

-- Complainants' identities, encrypted (docs/rules.md#complainant-confidentiality). Case events
-- hold only `ref`. Each identity is sealed with AES-256-GCM under a data key of its own; the data
-- key is stored wrapped by a master key (from the configuration, never here), with that master
-- key's id, so a rotation rewraps the keys without touching the identities. Erasure deletes the
-- data key: the sealed identity stays and can never be opened again (crypto-shredding).
CREATE TABLE complainant_identities (
  ref         uuid        PRIMARY KEY,
  case_id     uuid        NOT NULL UNIQUE,
  -- nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes); associated data 'complainant-identity:<ref>:<case_id>'
  sealed      bytea       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE complainant_data_keys (
  ref            uuid        PRIMARY KEY REFERENCES complainant_identities (ref),
  master_key_id  text        NOT NULL,
  -- the 32-byte data key sealed by the master key; associated data 'complainant-data-key:<ref>:<master_key_id>'
  wrapped_key    bytea       NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  rewrapped_at   timestamptz
);
CREATE INDEX complainant_data_keys_master_key ON complainant_data_keys (master_key_id);

-- Query codes (查询码): a complainant follows their case with one. Only the SHA-256 of the code is
-- kept, beside its first characters (the selector) to find it; one code per case, a new one
-- replaces the old.
CREATE TABLE case_query_codes (
  case_id    uuid        PRIMARY KEY,
  selector   text        NOT NULL,
  code_hash  bytea       NOT NULL,
  issued_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_query_codes_selector ON case_query_codes (selector);

-- The plaintext table of before: emptied at the API's start (LegacyComplainantsSweep), whose
-- rows of filed cases are encrypted into the tables above and whose orphans (rows of refused
-- filings: no case stream) are deleted. Kept, empty, for a later migration to drop.
ALTER TABLE complainants RENAME TO complainants_plaintext_legacy;

-- Down Migration
ALTER TABLE complainants_plaintext_legacy RENAME TO complainants;
DROP TABLE case_query_codes;
DROP TABLE complainant_data_keys;
DROP TABLE complainant_identities;
