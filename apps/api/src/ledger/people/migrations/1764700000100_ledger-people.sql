-- Up Migration

-- Who raised a finding, when a person (docs/ledger.md#who-raised-it): a CPPCC member, a citizen or
-- an inspector is personal information, kept out of the log as a complainant is. FindingRaised holds
-- only `ref`. Each person is sealed (AES-256-GCM) under a data key of its own, wrapped by the
-- complainant store's master key (the same keyring); deleting the data key forgets the person while
-- the log stays intact (crypto-shredding). An enterprise or an office is no person: its name is the
-- reference itself and nothing is stored here.
CREATE TABLE ledger_people (
  ref         uuid        PRIMARY KEY,
  finding_id  uuid        NOT NULL,
  -- nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes); associated data 'ledger-person:<ref>:<finding_id>'
  sealed      bytea       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ledger_person_keys (
  ref            uuid        PRIMARY KEY REFERENCES ledger_people (ref),
  master_key_id  text        NOT NULL,
  -- associated data 'ledger-person-key:<ref>:<master_key_id>'
  wrapped_key    bytea       NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_person_keys_master_key ON ledger_person_keys (master_key_id);

-- Down Migration
DROP TABLE ledger_person_keys;
DROP TABLE ledger_people;
