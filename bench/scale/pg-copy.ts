import type { Client } from 'pg';
import { CopyIn, Submittable, type PgConnection } from '@app/platform';

/**
 * `COPY … TO STDOUT` beside the application's `COPY … FROM STDIN` (CopyIn, libs/platform): the
 * rebuild's reference pipes the log of one database into another.
 */

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
