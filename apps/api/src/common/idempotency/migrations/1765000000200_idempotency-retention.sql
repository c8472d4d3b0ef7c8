-- Up Migration

-- Records are kept for IDEMPOTENCY_RETENTION_HOURS, then deleted by the API's hourly sweep
-- (idempotency-retention.ts), which finds them by when they were made.
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);

-- Down Migration
DROP INDEX idempotency_keys_created_at;
