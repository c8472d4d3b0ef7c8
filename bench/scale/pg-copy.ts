import type { Client } from 'pg';

/**
 * COPY through a `pg` Client without another dependency: pg runs any object with a `submit`
 * method in place of a query ("submittable", the protocol pg-copy-streams uses) and hands it the
 * CopyInResponse and CopyData messages. The scale bench needs it twice: the generator writes its
 * log with `COPY … FROM STDIN`, and the rebuild's reference pipes `COPY … TO STDOUT` of one database
 * into `COPY … FROM STDIN` of another.
 */

/** pg's connection as a submittable sees it (pg/lib/connection.js). */
interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  stream: NodeJS.ReadableStream & NodeJS.WritableStream & { writableNeedDrain: boolean };
}

/** Rows a COPY reported in its CommandComplete (`COPY 1234`). */
const copiedRows = (text: string | undefined) => Number(/^COPY (\d+)/.exec(text ?? '')?.[1] ?? 0);

/** The no-ops pg may call on a submittable for messages a COPY never gets. */
abstract class Submittable {
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

  static async start(client: Client, sql: string): Promise<CopyIn> {
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

/**
 * `COPY … TO STDOUT`, each CopyData handed to `onData` (a slice of pg's parse buffer, valid only
 * during the call). When `onData` answers a promise, reading from the server pauses until it settles.
 */
class CopyOut extends Submittable {
  private readonly finished: Promise<number>;
  private finish!: { resolve: (rows: number) => void; reject: (error: Error) => void };
  private waiting = 0;
  private failure: Error | null = null;

  constructor(
    private readonly sql: string,
    private readonly onData: (chunk: Buffer) => Promise<void> | undefined,
  ) {
    super();
    this.finished = new Promise((resolve, reject) => (this.finish = { resolve, reject }));
  }

  run(client: Client): Promise<number> {
    void client.query(this as never);
    return this.finished;
  }

  submit(connection: PgConnection): void {
    connection.query(this.sql);
  }

  handleCopyData(message: { chunk: Buffer }, connection: PgConnection): void {
    const wait = this.onData(message.chunk);
    if (!wait) return;
    if (this.waiting++ === 0) connection.stream.pause();
    wait.then(
      () => {
        if (--this.waiting === 0) connection.stream.resume();
      },
      (error: Error) => {
        this.failure ??= error;
        if (--this.waiting === 0) connection.stream.resume();
      },
    );
  }

  handleError(error: Error): void {
    this.finish.reject(error);
  }

  handleReadyForQuery(): void {
    if (this.failure) this.finish.reject(this.failure);
    else this.finish.resolve(this.rows);
  }
}

/**
 * Pipes `COPY (…) TO STDOUT` on `from` into `COPY … FROM STDIN` on `to`, both in text format, in
 * chunks of about 256 KiB (one CopyData per row would cost a socket write per row). Answers the rows copied.
 */
export async function pipeCopy(from: Client, outSql: string, to: Client, inSql: string): Promise<number> {
  const sink = await CopyIn.start(to, inSql);
  const buffer = Buffer.allocUnsafe(256 * 1024);
  let filled = 0;
  const flush = () => {
    // sendCopyFromChunk copies the bytes into a message of its own: the buffer can be reused at once.
    const wait = sink.write(buffer.subarray(0, filled));
    filled = 0;
    return wait;
  };
  await new CopyOut(outSql, (chunk) => {
    let wait: Promise<void> | undefined;
    if (filled + chunk.length > buffer.length && filled > 0) wait = flush();
    if (chunk.length > buffer.length) return sink.write(chunk) ?? wait;
    chunk.copy(buffer, filled);
    filled += chunk.length;
    return wait;
  }).run(from);
  if (filled > 0) await flush();
  return sink.end();
}

/** A value in COPY's text format: backslash, newline, carriage return and tab escaped. */
export function copyText(value: string): string {
  return /[\\\n\r\t]/.test(value) ? value.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c]) : value;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
