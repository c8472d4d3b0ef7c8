import type { Writable } from 'node:stream';

/**
 * Writes each chunk as the reader takes it: when `write()` says the buffer is full, waits for
 * 'drain' before pulling the next chunk, so memory holds one chunk however large the whole is and
 * however slow the client. Stops pulling (and so stops reading the database) when the client goes
 * away. Returns whether everything was written.
 */
export async function writeWithBackpressure(out: Writable, chunks: AsyncIterable<string>): Promise<boolean> {
  for await (const chunk of chunks) {
    if (out.destroyed) return false;
    if (!out.write(chunk) && !(await drained(out))) return false;
  }
  out.end();
  return true;
}

/** True on 'drain'; false if the stream closes or fails first (the client went away). */
function drained(out: Writable): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', onClose);
  });
}
