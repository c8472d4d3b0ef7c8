-- Up Migration

-- The master-key rotation (`npm run complainant-keys -- rotate`) rewraps the ledger's people's data
-- keys as it does the complainants' (docs/rules.md#master-keys-and-their-rotation), and records when,
-- as complainant_data_keys does.
ALTER TABLE ledger_person_keys ADD COLUMN rewrapped_at timestamptz;

-- Down Migration
ALTER TABLE ledger_person_keys DROP COLUMN rewrapped_at;
