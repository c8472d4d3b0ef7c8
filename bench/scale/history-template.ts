import type { Pool } from 'pg';
import { CASE_STREAM_PREFIX } from '@app/domain';
import { canonicalJson, deterministicUuid } from '@app/event-store';

/**
 * A recorded history (the demo's year) as a template of copies: every event of a case stream can be
 * rendered as copy k of itself, with the case's own ids replaced by ids of copy k and everything
 * else (units, calendar, time limits, schemes, dates, texts) as recorded. Copy 0 is the original.
 *
 * The case's own ids are found, not listed: every uuid in a case stream's events (stream id, event
 * id, data, metadata) that no other stream mentions — the case id, complainant refs, event ids,
 * correlation ids made by the API — so ids of new event types are covered without a change here.
 * Unit ids and the like appear in their own streams and stay. A uuid becomes, in copy k, the same
 * uuid with its last 48 bits advanced by k × an odd constant: distinct for every (uuid, k), the same
 * in every place it occurs in one copy (so the projections' joins hold), version and variant bits
 * untouched. A correlation id that is not a uuid (the demo's `demo-s1-<case>`) gets `~k` appended.
 * DeadlinePassed events keep the ids the deadline scheduler derives from the case id (its
 * idempotency): recomputed from the copy's case id, so a scheduler on the generated log would not
 * fire a copy's deadline twice.
 */

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const UUID_IN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const UUID_ONLY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STEP = 0x9e3779b97; // odd: k × STEP mod 2^48 differs for every k below 2^48
const LOW_BITS = 2 ** 48;

/** The uuid of copy `k` (k = 0: the uuid itself, lower-cased). */
export function copyUuid(uuid: string, k: number): string {
  const lower = uuid.toLowerCase();
  if (k === 0) return lower;
  const low = (parseInt(lower.slice(24), 16) + ((k * STEP) % LOW_BITS)) % LOW_BITS;
  return lower.slice(0, 24) + low.toString(16).padStart(12, '0');
}

type Token = { kind: 'uuid'; uuid: string } | { kind: 'suffix' } | { kind: 'derived'; name: (k: number) => string };

/** Text with places that differ per copy: parts[0] token[0] parts[1] … parts[n]. */
export class CopyText {
  private constructor(
    private readonly parts: string[],
    private readonly tokens: Token[],
  ) {}

  static fixed(text: string): CopyText {
    return new CopyText([text], []);
  }

  /** `text` with every uuid in `scoped` made per copy, and a `~k` suffix at each of `suffixAt`. */
  static of(text: string, scoped: ReadonlySet<string>, suffixAt: readonly number[] = []): CopyText {
    const parts: string[] = [];
    const tokens: Token[] = [];
    const cuts: Array<{ at: number; end: number; token: Token }> = suffixAt.map((at) => ({ at, end: at, token: { kind: 'suffix' } }));
    for (const match of text.matchAll(UUID)) {
      if (scoped.has(match[0].toLowerCase()))
        cuts.push({ at: match.index, end: match.index + 36, token: { kind: 'uuid', uuid: match[0] } });
    }
    cuts.sort((a, b) => a.at - b.at);
    let from = 0;
    for (const cut of cuts) {
      parts.push(text.slice(from, cut.at));
      tokens.push(cut.token);
      from = cut.end;
    }
    parts.push(text.slice(from));
    return new CopyText(parts, tokens);
  }

  /** One uuid computed from the copy's ids (`name(k)` hashed as the scheduler does). */
  static derived(name: (k: number) => string): CopyText {
    return new CopyText(['', ''], [{ kind: 'derived', name }]);
  }

  /** This text followed by `other`. */
  concat(other: CopyText): CopyText {
    const parts = [...this.parts.slice(0, -1), this.parts[this.parts.length - 1] + other.parts[0], ...other.parts.slice(1)];
    return new CopyText(parts, [...this.tokens, ...other.tokens]);
  }

  render(k: number): string {
    let text = this.parts[0];
    for (let i = 0; i < this.tokens.length; i++) {
      const token = this.tokens[i];
      text +=
        token.kind === 'uuid'
          ? copyUuid(token.uuid, k)
          : token.kind === 'suffix'
            ? k === 0
              ? ''
              : `~${k}`
            : deterministicUuid(token.name(k));
      text += this.parts[i + 1];
    }
    return text;
  }
}

/** One recorded event as a template: its data and metadata in canonical form (RFC 8785), as hashed. */
export interface TemplateEvent {
  streamId: CopyText;
  eventId: CopyText;
  type: string;
  schemaVersion: number;
  data: CopyText;
  metadata: CopyText;
  /** A case stream's event: written once per copy. Others (units, calendar, schemes…) once. */
  perCopy: boolean;
}

export interface HistoryTemplate {
  /** In the order of the recorded log. */
  events: TemplateEvent[];
  caseEvents: number;
  sharedEvents: number;
  cases: number;
}

interface SourceRow {
  stream_id: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: { correlationId?: unknown } & Record<string, unknown>;
}

/** The whole log of `pool`'s database, in log order, as a template. */
export async function readHistoryTemplate(pool: Pool): Promise<HistoryTemplate> {
  const { rows } = await pool.query<SourceRow>(
    'SELECT stream_id, event_id, type, schema_version, data, metadata FROM events ORDER BY global_position',
  );
  return historyTemplate(rows);
}

export function historyTemplate(rows: readonly SourceRow[]): HistoryTemplate {
  const isCase = (row: SourceRow) => row.stream_id.startsWith(CASE_STREAM_PREFIX);
  const texts = rows.map((row) => ({ row, data: canonicalJson(row.data), metadata: canonicalJson(row.metadata) }));
  const uuidsOf = (...values: string[]) => values.flatMap((v) => [...v.matchAll(UUID)].map((m) => m[0].toLowerCase()));

  const shared = new Set<string>();
  for (const t of texts) if (!isCase(t.row)) for (const id of uuidsOf(t.row.stream_id, t.row.event_id, t.data, t.metadata)) shared.add(id);
  const scoped = new Set<string>();
  for (const t of texts) {
    if (isCase(t.row)) for (const id of uuidsOf(t.row.stream_id, t.row.event_id, t.data, t.metadata)) if (!shared.has(id)) scoped.add(id);
  }

  const events = texts.map(({ row, data, metadata }): TemplateEvent => {
    if (!isCase(row)) {
      return {
        streamId: CopyText.fixed(row.stream_id),
        eventId: CopyText.fixed(row.event_id),
        type: row.type,
        schemaVersion: row.schema_version,
        data: CopyText.fixed(data),
        metadata: CopyText.fixed(metadata),
        perCopy: false,
      };
    }
    refuseUuidKeys(row.data, row);
    refuseUuidKeys(row.metadata, row);
    const deadline = deadlineIds(row, scoped);
    return {
      streamId: CopyText.of(row.stream_id, scoped),
      eventId: deadline?.eventId ?? CopyText.of(row.event_id, scoped),
      type: row.type,
      schemaVersion: row.schema_version,
      data: CopyText.of(data, scoped),
      metadata: deadline?.metadata(metadata) ?? CopyText.of(metadata, scoped, correlationSuffix(row.metadata, metadata)),
      perCopy: true,
    };
  });
  const caseEvents = events.filter((e) => e.perCopy).length;
  return {
    events,
    caseEvents,
    sharedEvents: events.length - caseEvents,
    cases: new Set(rows.filter(isCase).map((r) => r.stream_id)).size,
  };
}

/** Where `~k` goes in a correlation id that is not a uuid: just before its closing quote. */
function correlationSuffix(metadata: SourceRow['metadata'], text: string): number[] {
  const id = metadata.correlationId;
  if (typeof id !== 'string' || UUID_ONLY.test(id)) return [];
  const member = `"correlationId":${JSON.stringify(id)}`;
  const at = text.indexOf(member);
  return at < 0 ? [] : [at + member.length - 1];
}

/**
 * The scheduler's DeadlinePassed: event id `deadline:<case>:<unit>:<kind>:<due>:<index>` and
 * correlation id `deadline:<case>:<unit>:<kind>:<due>` (apps/projector/src/deadlines), recognised by
 * recomputing them; null for an event not written that way.
 */
function deadlineIds(row: SourceRow, scoped: ReadonlySet<string>) {
  if (row.type !== 'DeadlinePassed') return null;
  const caseId = row.stream_id.slice(CASE_STREAM_PREFIX.length);
  const data = row.data as { unitId?: string; deadline?: string; dueDate?: string };
  const deadlineOf = (k: number) => `${copyUuid(caseId, k)}:${data.unitId}:${data.deadline}:${data.dueDate}`;
  const index = [0, 1, 2, 3].find((i) => deterministicUuid(`deadline:${deadlineOf(0)}:${i}`) === row.event_id);
  if (index === undefined || !scoped.has(caseId.toLowerCase())) return null;
  const correlation = deterministicUuid(`deadline:${deadlineOf(0)}`);
  return {
    eventId: CopyText.derived((k) => `deadline:${deadlineOf(k)}:${index}`),
    metadata: (text: string) => {
      const member = `"correlationId":"${correlation}"`;
      const at = text.indexOf(member);
      if (at < 0) return CopyText.of(text, scoped);
      const before = CopyText.of(text.slice(0, at + member.length - 37), scoped);
      const after = CopyText.of(text.slice(at + member.length - 1), scoped);
      return before.concat(CopyText.derived((k) => `deadline:${deadlineOf(k)}`)).concat(after);
    },
  };
}

/** A uuid as an object key would move when replaced, and the canonical key order with it. */
function refuseUuidKeys(value: unknown, row: SourceRow): void {
  if (Array.isArray(value)) for (const item of value) refuseUuidKeys(item, row);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (UUID_IN.test(key))
        throw new Error(`${row.type} in ${row.stream_id} has a uuid as a key (${key}): a copy could not keep its canonical form`);
      refuseUuidKeys(item, row);
    }
  }
}
