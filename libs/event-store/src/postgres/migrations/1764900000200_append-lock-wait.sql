-- Up Migration

-- An append waits at most 5 s for a lock, then fails with SQLSTATE 55P03 (lock_not_available) and
-- nothing written; the API answers that 503 SERVICE_UNAVAILABLE with Retry-After.
--
-- Why: a lock taken elsewhere on the log (a migration's ALTER or CREATE INDEX from another instance,
-- an operator's LOCK TABLE, an append stuck in a transaction left open on the same stream) held every
-- command for as long as it lasted: 38 s in the reliability audit, then 201. A client gives up long
-- before that, not knowing whether its command was recorded, and the commands meanwhile hold the
-- pool's connections. Bounded, the answer is definite (nothing written, send it again) and the
-- connection comes back.
--
-- The bound is a SET clause of each function that appends (and of the decidedOn check, which locks
-- the streams it reads), so it holds only while they run: the rest of the caller's session keeps its
-- own lock_timeout (none), and the projector's batches and a rebuild's swap, which wait on purpose,
-- are not touched. Two appends to one stream queue on its lock for milliseconds, far within it. An
-- operator may change it per function (ALTER FUNCTION … SET lock_timeout = …); see
-- docs/architecture.md, "A lock held elsewhere".

ALTER FUNCTION append_one_to_stream(text, text, bigint, uuid, text, integer, text, text) SET lock_timeout = '5s';
ALTER FUNCTION append_to_stream(text, text, bigint, jsonb) SET lock_timeout = '5s';
ALTER FUNCTION append_one_to_stream_with_rows(text, text, bigint, uuid, text, integer, text, text, text, jsonb) SET lock_timeout = '5s';
ALTER FUNCTION append_to_stream_with_rows(text, text, bigint, jsonb, text, jsonb) SET lock_timeout = '5s';
ALTER FUNCTION expect_stream_versions(text[], bigint[]) SET lock_timeout = '5s';

-- Down Migration
ALTER FUNCTION expect_stream_versions(text[], bigint[]) RESET lock_timeout;
ALTER FUNCTION append_to_stream_with_rows(text, text, bigint, jsonb, text, jsonb) RESET lock_timeout;
ALTER FUNCTION append_one_to_stream_with_rows(text, text, bigint, uuid, text, integer, text, text, text, jsonb) RESET lock_timeout;
ALTER FUNCTION append_to_stream(text, text, bigint, jsonb) RESET lock_timeout;
ALTER FUNCTION append_one_to_stream(text, text, bigint, uuid, text, integer, text, text) RESET lock_timeout;
