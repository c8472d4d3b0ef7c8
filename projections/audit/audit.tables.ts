import type { ProjectionTable } from '../runner/projection';
import { AUDIT_EVENTS_TABLE } from './audit.reader';

/**
 * One row per event of the whole log, keyed by its global position: the columns the audit filters
 * use (case, actor, role, the units it concerns, recorded and occurred instants) and the envelope as
 * recorded.
 */
export const auditEventsTable: ProjectionTable = {
  name: AUDIT_EVENTS_TABLE,
  ddl: (t) => `
    CREATE TABLE ${t} (
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
      occurred_at    timestamptz,
      envelope       jsonb       NOT NULL
    );
    CREATE INDEX ${t}_case ON ${t} (case_id, position) WHERE case_id IS NOT NULL;
    CREATE INDEX ${t}_actor ON ${t} (actor_id, position);
    CREATE INDEX ${t}_type ON ${t} (type, position);
    CREATE INDEX ${t}_units ON ${t} USING gin (unit_ids);
    CREATE INDEX ${t}_recorded ON ${t} (recorded_at);
    CREATE INDEX ${t}_occurred ON ${t} (occurred_at);`,
};
