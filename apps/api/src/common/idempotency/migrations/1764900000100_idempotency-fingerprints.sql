-- Up Migration

-- request_hash was a plain SHA-256 of the request, body included: for a filing, the complainant's
-- name and phone beside fields its event holds in clear, so a reader of this table could confirm a
-- guessed phone number in minutes. Requests are now fingerprinted with a key the database never
-- holds (request-fingerprint.ts). The records made before are forgotten rather than kept with a
-- plain hash: a retry of one runs its command again, and the ids it derives from its key make it
-- find the case or finding it made (its events found, or the command refused), never a second one.
DELETE FROM idempotency_keys;

-- An erasure forgets the records whose answer names its case or finding (forgetAnswersAbout).
CREATE INDEX idempotency_keys_answer_id ON idempotency_keys ((response_body->>'id'));

-- Down Migration
DROP INDEX idempotency_keys_answer_id;
