import { Writable } from 'node:stream';
import { writeWithBackpressure } from './write-with-backpressure';

/** A client that reads slowly: takes one chunk every few milliseconds, buffers at most 1 KiB. */
function slowClient(onChunk: () => void = () => undefined) {
  const received: string[] = [];
  const out = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, done) {
      received.push(chunk.toString());
      onChunk();
      setTimeout(done, 2);
    },
  });
  return { out, received };
}

describe('writing an export with backpressure', () => {
  const CHUNKS = 40;
  const CHUNK = 'x'.repeat(4096); // each one fills the client's buffer on its own

  it('pulls the next chunk only once the client has taken the previous one, so memory stays at one chunk', async () => {
    let pulled = 0;
    let taken = 0;
    let mostAhead = 0;
    const { out, received } = slowClient(() => {
      taken++;
      mostAhead = Math.max(mostAhead, pulled - taken);
    });
    async function* source() {
      for (let i = 0; i < CHUNKS; i++) {
        pulled++;
        yield CHUNK;
      }
    }
    expect(await writeWithBackpressure(out, source())).toBe(true);
    await new Promise((resolve) => out.once('finish', resolve));
    expect(received.join('')).toBe(CHUNK.repeat(CHUNKS));
    expect(mostAhead).toBeLessThanOrEqual(1);
  });

  it('stops pulling (stops reading the database) when the client goes away', async () => {
    let pulled = 0;
    let finished = false;
    const { out } = slowClient();
    async function* source() {
      try {
        for (let i = 0; i < CHUNKS; i++) {
          pulled++;
          if (i === 5) setImmediate(() => out.destroy());
          yield CHUNK;
        }
      } finally {
        finished = true;
      }
    }
    expect(await writeWithBackpressure(out, source())).toBe(false);
    expect(pulled).toBeLessThan(10);
    expect(finished).toBe(true); // the source was closed, not left waiting
  });
});
