import type { QueryConfig } from 'pg';
import type { AlongsideStatement, ExpectedVersion, LogRead, NewEvent, StreamVersion } from '../event-store';
import { canonicalJson } from '../integrity/canonical-json';

/**
 * The statement that appends `events` to a stream, with the caller's rows when `rows` is given.
 * One event (nearly every command, every filing) goes through `append_one_to_stream`, its fields
 * as typed parameters, so PostgreSQL parses its data once (migration 1764800000200); a batch of
 * several through `append_to_stream`, a jsonb array. Data and metadata are sent in canonical form
 * (RFC 8785): the function hashes them as sent and the verifier recomputes the same bytes from the
 * stored jsonb. Each statement is named, so a connection parses and plans it once.
 *
 * `decidedOn` (AppendOptions.decidedOn): the statement also checks those streams' versions, after
 * its events are inserted and only when they were newly appended (`expect_stream_versions`,
 * migration 1764800000400); a stream that moved fails the statement, and so rolls it back.
 * `decidedOnLog` (AppendOptions.decidedOnLog): likewise, that no event like those the decision found
 * absent was appended since the position it read through (`expect_no_events_since`, migration
 * 1765200000100).
 */
export function appendStatement(
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedVersion,
  rows?: AlongsideStatement,
  decidedOn: readonly StreamVersion[] = [],
  decidedOnLog?: LogRead,
): QueryConfig {
  const statement = appendOnly(streamId, events, expected, rows);
  if (decidedOn.length === 0 && !decidedOnLog) return statement;
  const values = [...statement.values!];
  const checks: string[] = [];
  if (decidedOn.length > 0) {
    values.push(
      decidedOn.map((d) => d.streamId),
      decidedOn.map((d) => d.version),
    );
    checks.push(`expect_stream_versions($${values.length - 1}::text[], $${values.length}::bigint[])`);
  }
  if (decidedOnLog) {
    values.push(
      streamId,
      decidedOnLog.position.toString(),
      decidedOnLog.absent.map((p) => p.type),
      decidedOnLog.absent.map((p) => JSON.stringify(p.dataContains)),
    );
    const n = values.length;
    checks.push(`expect_no_events_since($${n - 3}::text, $${n - 2}::bigint, $${n - 1}::text[], $${n}::jsonb[])`);
  }
  // One name per shape of the statement: a connection prepares each once.
  const suffix = `${decidedOn.length > 0 ? '-expecting' : ''}${decidedOnLog ? '-expecting-log' : ''}`;
  return {
    name: `${statement.name}${suffix}`,
    text: `${statement.text} AS a WHERE CASE WHEN a.appended THEN ${checks.join(' AND ')} ELSE true END`,
    values,
  };
}

function appendOnly(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion, rows?: AlongsideStatement): QueryConfig {
  const head = [streamId, typeof expected === 'number' ? 'version' : expected, typeof expected === 'number' ? expected : null];
  const tail = rows ? [rows.sql, JSON.stringify(rows.args)] : [];
  if (events.length === 1) {
    const [e] = events;
    const values = [...head, e.eventId, e.type, e.schemaVersion, canonicalJson(e.data), canonicalJson(e.metadata), ...tail];
    return rows
      ? { name: 'event-store.append-one-with-rows', text: ONE_WITH_ROWS_SQL, values }
      : { name: 'event-store.append-one', text: ONE_SQL, values };
  }
  const payload = events.map((e) => ({
    event_id: e.eventId,
    type: e.type,
    schema_version: e.schemaVersion,
    data_json: canonicalJson(e.data),
    metadata_json: canonicalJson(e.metadata),
  }));
  const values = [...head, JSON.stringify(payload), ...tail];
  return rows
    ? { name: 'event-store.append-with-rows', text: MANY_WITH_ROWS_SQL, values }
    : { name: 'event-store.append', text: MANY_SQL, values };
}

const RESULT = 'SELECT next_version, last_position, appended FROM';
const ONE_SQL = `${RESULT} append_one_to_stream($1, $2, $3, $4, $5, $6, $7, $8)`;
const ONE_WITH_ROWS_SQL = `${RESULT} append_one_to_stream_with_rows($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)`;
const MANY_SQL = `${RESULT} append_to_stream($1, $2, $3, $4::jsonb)`;
const MANY_WITH_ROWS_SQL = `${RESULT} append_to_stream_with_rows($1, $2, $3, $4::jsonb, $5, $6::jsonb)`;
