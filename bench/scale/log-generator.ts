import { Client } from 'pg';
import { sha256Hex } from '@app/event-store';
import type { HistoryTemplate, TemplateEvent } from './history-template';
import { copyText, CopyIn } from '@app/platform';

/**
 * Writes a big, realistic event log in minutes: a recorded history (history-template.ts) with its
 * case streams copied many times, in the recorded order — each event of a case followed by its
 * copies, the shared streams (units, calendar, time limits, schemes, appraisal inputs) once — so
 * every copy is the recorded year again with other cases, on the same dates, and every event still
 * comes after what it relied on.
 *
 * Not through append_to_stream (about 1,000 appends/s): `COPY events FROM STDIN` as the log's owner,
 * a transaction per chunk, with what append_to_stream would write — global_position = (transaction
 * id << 20) + index in the transaction (the event-store migration explains why), versions per stream,
 * and the hash chain computed here exactly as the function computes it (hash-chain migration; the
 * verifier in libs/event-store/src/integrity recomputes it); later appends chain on each stream's
 * last event, as after any append. The database's log must be empty. Nothing is
 * written outside the log: no complainant identities or query codes (no read model needs them),
 * no idempotency keys, no deadline table (the scheduler builds its own from the log).
 */

export interface GenerateOptions {
  /** How many copies of the case histories; or `events`: as many as needed, the log cut at that size. */
  copies?: number;
  events?: number;
  /** Events per transaction (at most 2^20: positions are numbered within a transaction's block). */
  chunkSize?: number;
  log?: (line: string) => void;
}

export interface GeneratedLog {
  events: number;
  streams: number;
  copies: number;
  seconds: number;
}

export const EVENTS_COPY_COLUMNS =
  'global_position, transaction_id, stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at, hash';
const SEND_BYTES = 1 << 20;

export async function generateLog(url: string, template: HistoryTemplate, options: GenerateOptions): Promise<GeneratedLog> {
  const started = process.hrtime.bigint();
  const limit = options.events ?? Infinity;
  const copies = options.copies ?? Math.max(1, Math.ceil((limit - template.sharedEvents) / Math.max(1, template.caseEvents)));
  const chunkSize = Math.min(options.chunkSize ?? 20_000, 1 << 20);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT EXISTS (SELECT 1 FROM events) AS used');
    if (rows[0].used) throw new Error('generateLog: the database already has events');

    const heads = new Map<string, { version: number; hash: string }>();
    const source = eventsOf(template, copies, limit);
    let written = 0;
    let nextReport = 100_000;
    for (let done = false; !done;) {
      await client.query('BEGIN');
      const xid: string = (await client.query('SELECT pg_current_xact_id()::text AS xid')).rows[0].xid;
      const block = BigInt(xid) << 20n;
      const recordedAt = new Date().toISOString();
      const sink = await CopyIn.start(client, `COPY events (${EVENTS_COPY_COLUMNS}) FROM STDIN`);
      let text = '';
      let index = 0;
      for (; index < chunkSize; index++) {
        const next = source.next();
        if (next.done) {
          done = true;
          break;
        }
        text += row(next.value, heads, block + BigInt(index), xid, recordedAt);
        if (text.length >= SEND_BYTES) {
          await sink.write(Buffer.from(text));
          text = '';
        }
      }
      if (text) await sink.write(Buffer.from(text));
      await sink.end();
      await client.query('COMMIT');
      written += index;
      if (written >= nextReport) {
        options.log?.(`generated ${written.toLocaleString('en')} events`);
        nextReport += 100_000;
      }
    }

    await client.query('ANALYZE events');
    return { events: written, streams: heads.size, copies, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  } finally {
    await client.end();
  }
}

interface LogEvent {
  template: TemplateEvent;
  copy: number;
}

/** The template's events in log order, a case's events once per copy, up to `limit` events. */
function* eventsOf(template: HistoryTemplate, copies: number, limit: number): Generator<LogEvent> {
  let count = 0;
  for (const event of template.events) {
    for (let copy = 0; copy < (event.perCopy ? copies : 1); copy++) {
      if (count++ >= limit) return;
      yield { template: event, copy };
    }
  }
}

/** One line of the COPY: the event as copy `copy`, chained to the head of its stream. */
function row(
  { template, copy }: LogEvent,
  heads: Map<string, { version: number; hash: string }>,
  position: bigint,
  xid: string,
  recordedAt: string,
): string {
  const streamId = template.streamId.render(copy);
  const eventId = template.eventId.render(copy);
  const data = template.data.render(copy);
  const metadata = template.metadata.render(copy);
  const head = heads.get(streamId);
  const version = (head?.version ?? 0) + 1;
  const hash = sha256Hex(chainedEnvelope(data, eventId, metadata, head?.hash ?? null, recordedAt, template, streamId, version));
  heads.set(streamId, { version, hash });
  return (
    `${position}\t${xid}\t${copyText(streamId)}\t${version}\t${eventId}\t${copyText(template.type)}\t${template.schemaVersion}\t` +
    `${copyText(data)}\t${copyText(metadata)}\t${recordedAt}\t${hash}\n`
  );
}

/**
 * The bytes the chain hashes (libs/event-store/src/integrity/event-hash.ts canonicalEnvelope), laid
 * out as event_chain_hash does in SQL: data and metadata are already canonical, so the envelope is
 * assembled around them in RFC 8785 key order rather than canonicalised again.
 */
export function chainedEnvelope(
  data: string,
  eventId: string,
  metadata: string,
  previousHash: string | null,
  recordedAt: string,
  event: Pick<TemplateEvent, 'type' | 'schemaVersion'>,
  streamId: string,
  version: number,
): string {
  return (
    `{"data":${data},"eventId":"${eventId.toLowerCase()}","metadata":${metadata},` +
    `"previousHash":${previousHash === null ? 'null' : `"${previousHash}"`},"recordedAt":"${recordedAt}",` +
    `"schemaVersion":${event.schemaVersion},"streamId":${JSON.stringify(streamId)},"streamVersion":${version},` +
    `"type":${JSON.stringify(event.type)}}`
  );
}
