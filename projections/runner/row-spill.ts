import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A state set aside, as the row cache held it (row-cache.ts): what it needs to take it back. */
export interface SpilledState {
  state: unknown;
  /** Replaced since it was loaded or last written. */
  dirty: boolean;
  /** The state the tables hold, for a slot that writes only changes (RowSlot.writesChanges); undefined: none. */
  stored: unknown;
}

const FILE_NAME = 'states.jsonl';

/** Where a state's line is in the file. */
interface Place {
  offset: number;
  bytes: number;
}

/**
 * A rebuild's row cache sets aside here, in a file of its own on local disk, the states it evicts
 * that the log still comes back to (a case still open), instead of writing them to the tables and
 * loading them back: on the bench's 1M log the dashboard's case rows were written three times each
 * and the overdue deadlines twice, most of them rows of open cases written only to be loaded again
 * (bench/JOURNAL.md, 5 December). A state comes back from here when its key comes back, and is
 * written to the tables only once it is final: taken back when the store says its key's last event
 * has come and then evicted as finished (RowCache), or at the end (`takeAll`).
 *
 * A state goes as one JSON line: as the tables would have it, since rows reach PostgreSQL as JSON
 * anyway (row-batch.ts). A list's stored state is not written twice: each row of the list says
 * whether it is one of the stored rows, and the list comes back with those very objects as its
 * stored state, which is all a slot that writes only changes compares by (table-slots.ts).
 *
 * What it holds in memory is where each state's line is, one entry a key set aside and not yet
 * taken back: bounded by the keys open at once, not by the log. The file only grows while the
 * rebuild lasts; `close` removes it, and the folder it is in (by default the system's temporary
 * folder) is the operating system's to clean after a crash.
 */
export class RowSpill {
  private opened: { dir: string; fd: number } | undefined;
  /** The file's length: where the next line goes. */
  private end = 0;
  private readonly places = new Map<string, Map<string, Place>>();

  constructor(
    /** The folder its own folder is made in, when it first sets a state aside (default: the system's temporary folder). */
    private readonly parent?: string,
  ) {}

  /** The file states are set aside in (undefined: none yet, or closed). */
  get file(): string | undefined {
    return this.opened && path.join(this.opened.dir, FILE_NAME);
  }

  /** States set aside and not taken back. */
  get size(): number {
    let n = 0;
    for (const bySlot of this.places.values()) n += bySlot.size;
    return n;
  }

  /** Sets `states` of slot `slot` aside, by key, in one write; a key already set aside is replaced. */
  put(slot: string, states: ReadonlyArray<{ key: string } & SpilledState>): void {
    if (states.length === 0) return;
    let bySlot = this.places.get(slot);
    if (!bySlot) this.places.set(slot, (bySlot = new Map()));
    const start = this.end;
    const lines: string[] = [];
    for (const { key, state, dirty, stored } of states) {
      const line = JSON.stringify(encode(state, dirty, stored));
      const bytes = Buffer.byteLength(line);
      bySlot.set(key, { offset: this.end, bytes });
      this.end += bytes;
      lines.push(line);
    }
    const buffer = Buffer.from(lines.join(''));
    const { fd } = this.open();
    try {
      for (let written = 0; written < buffer.length;)
        written += fs.writeSync(fd, buffer, written, buffer.length - written, start + written);
    } catch (error) {
      throw new SpillFailed(this.file!, error);
    }
  }

  /** Whether a state of `key` is set aside for `slot`. */
  has(slot: string, key: string): boolean {
    return this.places.get(slot)?.has(key) ?? false;
  }

  /** Takes back the state of `key` set aside for `slot`, if any. */
  take(slot: string, key: string): SpilledState | undefined {
    const bySlot = this.places.get(slot);
    const place = bySlot?.get(key);
    if (!place) return undefined;
    bySlot!.delete(key);
    return this.read(place);
  }

  /** Takes back every state set aside, slot by slot. */
  *takeAll(): Generator<{ slot: string; key: string } & SpilledState> {
    for (const [slot, bySlot] of this.places) {
      for (const [key, place] of bySlot) {
        bySlot.delete(key);
        yield { slot, key, ...this.read(place) };
      }
    }
  }

  /** Closes and removes the file; nothing set aside is kept. */
  close(): void {
    this.places.clear();
    this.end = 0;
    if (!this.opened) return;
    const { dir, fd } = this.opened;
    this.opened = undefined;
    fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true, force: true });
  }

  private open(): { dir: string; fd: number } {
    if (!this.opened) {
      const parent = this.parent ?? os.tmpdir();
      let dir: string | undefined;
      try {
        dir = fs.mkdtempSync(path.join(parent, 'cases-rebuild-rows-'));
        this.opened = { dir, fd: fs.openSync(path.join(dir, FILE_NAME), 'w+') };
      } catch (error) {
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
        throw new SpillFailed(parent, error);
      }
    }
    return this.opened;
  }

  private read({ offset, bytes }: Place): SpilledState {
    const buffer = Buffer.allocUnsafe(bytes);
    let read = 0;
    while (read < bytes) read += fs.readSync(this.opened!.fd, buffer, read, bytes - read, offset + read);
    const line = JSON.parse(buffer.toString('utf8')) as Line;
    return decode(line);
  }
}

/**
 * The spill's folder or file could not be made or written (a full disk, a folder that is not one):
 * the rebuild fails, and says where, so that whoever runs it can point it elsewhere (the
 * configuration's REBUILD_SPILL_DIR, README).
 */
export class SpillFailed extends Error {
  constructor(where: string, cause: unknown) {
    super(`could not set the rows of open cases aside in ${where}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'SpillFailed';
  }
}

/**
 * One state's line. `u`: for a list whose stored state is kept, the places in the list of the rows
 * that are stored rows (null: no stored state). A stored row the list replaced is not kept: what
 * the tables hold of it is written over by its replacement anyway.
 */
interface Line {
  s: unknown;
  d: boolean;
  u: number[] | null;
}

function encode(state: unknown, dirty: boolean, stored: unknown): Line {
  if (stored === undefined) return { s: state, d: dirty, u: null };
  if (!Array.isArray(state) || !Array.isArray(stored)) throw new Error('RowSpill: a stored state is kept only for lists of rows');
  const kept = new Set<unknown>(stored);
  const unchanged: number[] = [];
  state.forEach((row, i) => {
    if (kept.has(row)) unchanged.push(i);
  });
  return { s: state, d: dirty, u: unchanged };
}

function decode({ s, d, u }: Line): SpilledState {
  if (u === null) return { state: s, dirty: d, stored: undefined };
  const rows = s as unknown[];
  return { state: rows, dirty: d, stored: u.map((i) => rows[i]) };
}
