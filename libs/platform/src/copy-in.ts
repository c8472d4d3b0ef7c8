import type { Client, PoolClient } from 'pg';

/**
 * `COPY … FROM STDIN` through a `pg` client without another dependency: pg runs any object with a
 * `submit` method in place of a query ("submittable", the protocol pg-copy-streams uses) and hands it
 * the CopyInResponse. Rows go in COPY's text format (copyLine), which PostgreSQL reads a value at a
 * time with each column's own input function: no JSON to take apart first, as a multi-row INSERT
 * from one JSON parameter needs. A rebuild fills its fresh tables this way where a row is only ever
 * inserted (the audit log); the bench's log generator writes its log with it.
 */

/** pg's connection as a submittable sees it (pg/lib/connection.js). */
export interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  stream: NodeJS.ReadableStream & NodeJS.WritableStream & { writableNeedDrain: boolean };
}

/** Rows a COPY reported in its CommandComplete (`COPY 1234`). */
const copiedRows = (text: string | undefined) => Number(/^COPY (\d+)/.exec(text ?? '')?.[1] ?? 0);

/** The no-ops pg may call on a submittable for messages a COPY never gets. */
export abstract class Submittable {
  protected rows = 0;
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCommandComplete(message: { text?: string }): void {
    this.rows = copiedRows(message.text);
  }
}

/** `COPY … FROM STDIN`: open it, write text-format chunks (awaiting when the socket is full), end it. */
export class CopyIn extends Submittable {
  private connection?: PgConnection;
  private readonly opened: Promise<void>;
  private readonly finished: Promise<number>;
  private open!: { resolve: () => void; reject: (error: Error) => void };
  private finish!: { resolve: (rows: number) => void; reject: (error: Error) => void };

  private constructor(private readonly sql: string) {
    super();
    this.opened = new Promise((resolve, reject) => (this.open = { resolve, reject }));
    this.finished = new Promise((resolve, reject) => (this.finish = { resolve, reject }));
    // Whichever the caller is not awaiting yet must not count as an unhandled rejection.
    this.opened.catch(() => undefined);
    this.finished.catch(() => undefined);
  }

  static async start(client: Client | PoolClient, sql: string): Promise<CopyIn> {
    const copy = new CopyIn(sql);
    void client.query(copy as never);
    await copy.opened;
    return copy;
  }

  submit(connection: PgConnection): void {
    this.connection = connection;
    connection.query(this.sql);
  }

  handleCopyInResponse(): void {
    this.open.resolve();
  }

  handleError(error: Error): void {
    this.open.reject(error);
    this.finish.reject(error);
  }

  handleReadyForQuery(): void {
    this.finish.resolve(this.rows);
  }

  /** Sends `chunk`; the promise, if any, resolves once the socket has room again. */
  write(chunk: Buffer): Promise<void> | undefined {
    const connection = this.connection!;
    connection.sendCopyFromChunk(chunk);
    if (!connection.stream.writableNeedDrain) return undefined;
    return new Promise((resolve) => connection.stream.once('drain', () => resolve()));
  }

  /** Ends the data; answers the rows the server copied. */
  end(): Promise<number> {
    this.connection!.endCopyFrom();
    return this.finished;
  }
}

/** Bytes per CopyData message: large enough that a batch costs a few socket writes, not one per row. */
const CHUNK_BYTES = 256 * 1024;

/**
 * Copies `lines` (each a row in COPY's text format, copyLine, without its newline) with `sql`
 * (`COPY t (a, b) FROM STDIN`) on `client`, in chunks. Answers the rows copied. Within the caller's
 * transaction: a failure rolls back every row of it.
 *
 * Each line is written into the chunk's buffer as it comes. Joining a chunk's lines into one string
 * and encoding that took 4.11 s of a rebuild's Node thread for the audit log's 1M lines, against
 * 0.47 s this way (both timed on the same lines in the same rebuild; bench/JOURNAL.md, 4 December).
 */
export async function copyLines(client: Client | PoolClient, sql: string, lines: readonly string[]): Promise<number> {
  const copy = await CopyIn.start(client, sql);
  let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let at = 0;
  for (const line of lines) {
    // At most 3 bytes of UTF-8 per UTF-16 unit (a surrogate pair: 4 for 2), and the newline.
    const most = line.length * 3 + 1;
    if (at + most > chunk.length) {
      if (at > 0) await copy.write(chunk.subarray(0, at));
      chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, most));
      at = 0;
    }
    at += chunk.write(line, at);
    chunk[at++] = 0x0a;
  }
  if (at > 0) await copy.write(chunk.subarray(0, at));
  return copy.end();
}

/** A value as a column of a COPY text-format row: null, text, a number, or text[] (an array literal). */
export type CopyValue = string | number | bigint | null | readonly string[];

/** One row in COPY's text format: values tab-separated, null as `\N`, each escaped (copyText). */
export function copyLine(values: readonly CopyValue[]): string {
  return values.map(copyField).join('\t');
}

function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'string') return copyText(value);
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return copyText(arrayLiteral(value));
}

/** A text[] literal, every element double-quoted (so commas, braces and spaces are its own), `"` and `\` escaped. */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** A value in COPY's text format: backslash, newline, carriage return and tab escaped. */
export function copyText(value: string): string {
  return /[\\\n\r\t]/.test(value) ? value.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c]) : value;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
