import { readModelTable } from '../runner/read-model-table';
import { AUDIT_EVENTS_TABLE } from './audit.reader';

/**
 * One row per event of the whole log, keyed by its global position: the columns the audit filters
 * use (case, actor, role, the units it concerns, recorded and occurred instants) and where the event
 * stands in its stream. Not the event itself: the reader fetches the listed events from the log by
 * their stream and version (EventStore.readEvents), so the log is not stored twice.
 */
export const auditEventsTable = readModelTable(AUDIT_EVENTS_TABLE, {
  columns: `
    position       bigint      PRIMARY KEY,
    event_id       uuid        NOT NULL,
    stream_id      text        NOT NULL,
    stream_version integer     NOT NULL,
    type           text        NOT NULL,
    case_id        text,
    actor_id       text,
    role           text,
    unit_ids       text[]      NOT NULL DEFAULT '{}',
    recorded_at    timestamptz NOT NULL,
    occurred_at    timestamptz`,
  indexes: {
    case: '(case_id, position) WHERE case_id IS NOT NULL',
    actor: '(actor_id, position)',
    type: '(type, position)',
    units: 'USING gin (unit_ids)',
    recorded: '(recorded_at)',
    occurred: '(occurred_at)',
  },
  // A rebuild appends its rows once each, by COPY (audit.projection.ts): logged as they come.
  loggedWhileFilled: true,
});
