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
  /** The tables hold no row of its key (SlotChange.fresh). */
  fresh: boolean;
}

const FILE_NAME = 'states.jsonl';

/** Entries the index starts with room for; it doubles as needed. */
const INITIAL_ENTRIES = 1_024;

/**
 * A rebuild's row cache sets aside here, in a file of its own on local disk, the states it evicts
 * that the log still comes back to (a case still open), instead of writing them to the tables and
 * loading them back: on the bench's 1M log the dashboard's case rows were written three times each
 * and the overdue deadlines twice, most of them rows of open cases written only to be loaded again
 * (bench/JOURNAL.md, 5 December). A state comes back from here when its key comes back, and is
 * written to the tables only once it is final: taken back when the store says its key's last event
 * has come and then evicted as finished (RowCache), or at the end (`takeAll`).
 *
 * A state goes as one line: its key, then the state as JSON, as the tables would have it, since rows
 * reach PostgreSQL as JSON anyway (row-batch.ts). A list's stored state is not written twice: each
 * row of the list says whether it is one of the stored rows, and the list comes back with those very
 * objects as its stored state, which is all a slot that writes only changes compares by
 * (table-slots.ts).
 *
 * What it holds in memory is, for each key set aside and not yet taken back, where its line is:
 * bounded by the keys open at once, not by the log's length. Those are as many as the cases a city
 * has open at once, in every slot of every read model: about 213,000 at the peak of a rebuild of the
 * bench's log of 3M events (273,600 cases in one year), against 3,600 on the 300k log. So an entry
 * is a few numbers: the key's hash in a map to the first of its entries, and in typed arrays its
 * line's place and the next entry of the same hash. The key itself is not held: a line starts with
 * it, and the line is read to take the state back anyway. Held as strings (each a slice keeping its
 * stream id alive) in a map to an object per place, a key cost 175 bytes of heap against 39, and
 * the rebuild of that log peaked at 426–427 MiB against 395–399 (bench/JOURNAL.md, 5 December).
 *
 * The file only grows while the rebuild lasts, and has no name on disk: it is removed from its
 * folder, and its folder too, as soon as it is opened, and used through its descriptor alone. So
 * whatever ends the process, `close` or a crash (killed, out of memory), the system takes its space
 * back and no file of a rebuild's rows is left in the folder (by default the system's temporary
 * folder, often memory itself) for the next rebuild to pile its own beside.
 */
export class RowSpill {
  private opened: { dir: string; fd: number } | undefined;
  /** The file's length: where the next line goes. */
  private end = 0;
  /** By slot: a key's hash → its first entry; entries of keys of the same hash are chained by `next`. */
  private readonly heads = new Map<string, Map<number, number>>();
  /** By entry: where its line is and how long, and the next entry of the same slot and hash (-1: none). */
  private offsets = new Float64Array(INITIAL_ENTRIES);
  private lengths = new Int32Array(INITIAL_ENTRIES);
  private next = new Int32Array(INITIAL_ENTRIES);
  /** Entries below it have been used; those taken back are reused first. */
  private used = 0;
  private readonly free: number[] = [];
  private held = 0;

  constructor(
    /** The folder its own folder is made in, when it first sets a state aside (default: the system's temporary folder). */
    private readonly parent?: string,
  ) {}

  /** The path the file was made at, as errors name it: it has no name on disk once open (undefined: none yet, or closed). */
  get file(): string | undefined {
    return this.opened && path.join(this.opened.dir, FILE_NAME);
  }

  /** States set aside and not taken back. */
  get size(): number {
    return this.held;
  }

  /** Sets `states` of slot `slot` aside, by key, in one write; a key already set aside is replaced. */
  put(slot: string, states: ReadonlyArray<{ key: string } & SpilledState>): void {
    if (states.length === 0) return;
    let bySlot = this.heads.get(slot);
    if (!bySlot) this.heads.set(slot, (bySlot = new Map()));
    const lines = states.map(
      ({ key, state, dirty, stored, fresh }) => `${key.length}:${key}${JSON.stringify(encode(state, dirty, stored, fresh))}`,
    );
    const buffer = Buffer.from(lines.join(''));
    const { fd } = this.open();
    try {
      for (let written = 0; written < buffer.length;)
        written += fs.writeSync(fd, buffer, written, buffer.length - written, this.end + written);
    } catch (error) {
      throw new SpillFailed(this.file!, error);
    }
    // Indexed once written: a key set aside before, in this write or an earlier one, is found by its line.
    states.forEach(({ key }, i) => {
      const hash = hashOf(key);
      if (bySlot.has(hash)) this.find(bySlot, hash, key, true);
      const entry = this.newEntry();
      this.offsets[entry] = this.end;
      this.lengths[entry] = Buffer.byteLength(lines[i]);
      this.next[entry] = bySlot.get(hash) ?? -1;
      bySlot.set(hash, entry);
      this.end += this.lengths[entry];
    });
  }

  /** Whether a state of `key` is set aside for `slot`. */
  has(slot: string, key: string): boolean {
    const bySlot = this.heads.get(slot);
    return bySlot !== undefined && this.find(bySlot, hashOf(key), key, false) !== undefined;
  }

  /** Takes back the state of `key` set aside for `slot`, if any. */
  take(slot: string, key: string): SpilledState | undefined {
    const bySlot = this.heads.get(slot);
    const line = bySlot && this.find(bySlot, hashOf(key), key, true);
    return line === undefined ? undefined : decode(JSON.parse(line.json) as Line);
  }

  /** Takes back every state set aside, slot by slot, each in the order it was set aside. */
  *takeAll(): Generator<{ slot: string; key: string } & SpilledState> {
    for (const [slot, bySlot] of this.heads) {
      const entries: number[] = [];
      for (const first of bySlot.values()) for (let entry = first; entry !== -1; entry = this.next[entry]) entries.push(entry);
      entries.sort((a, b) => this.offsets[a] - this.offsets[b]);
      bySlot.clear();
      for (const entry of entries) {
        const { key, json } = this.lineOf(entry);
        this.release(entry);
        yield { slot, key, ...decode(JSON.parse(json) as Line) };
      }
    }
  }

  /** Closes and removes the file; nothing set aside is kept. */
  close(): void {
    this.heads.clear();
    this.end = 0;
    this.used = 0;
    this.held = 0;
    this.free.length = 0;
    if (!this.opened) return;
    const { dir, fd } = this.opened;
    this.opened = undefined;
    fs.closeSync(fd);
    // Gone already (open), unless the system would not remove a file still open.
    fs.rmSync(dir, { recursive: true, force: true });
  }

  /**
   * The line of `key` among the entries of `hash` (read from the file: keys of the same hash are
   * told apart by the key the line starts with), unchained if `remove`; undefined: none.
   */
  private find(bySlot: Map<number, number>, hash: number, key: string, remove: boolean): { key: string; json: string } | undefined {
    let before = -1;
    for (let entry = bySlot.get(hash) ?? -1; entry !== -1; before = entry, entry = this.next[entry]) {
      const line = this.lineOf(entry);
      if (line.key !== key) continue;
      if (remove) {
        const after = this.next[entry];
        if (before !== -1) this.next[before] = after;
        else if (after !== -1) bySlot.set(hash, after);
        else bySlot.delete(hash);
        this.release(entry);
      }
      return line;
    }
    return undefined;
  }

  private newEntry(): number {
    this.held++;
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.used === this.offsets.length) {
      const grow = <A extends Float64Array | Int32Array>(from: A, to: A): A => (to.set(from), to);
      this.offsets = grow(this.offsets, new Float64Array(this.used * 2));
      this.lengths = grow(this.lengths, new Int32Array(this.used * 2));
      this.next = grow(this.next, new Int32Array(this.used * 2));
    }
    return this.used++;
  }

  private release(entry: number): void {
    this.held--;
    this.free.push(entry);
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
      try {
        // Nameless from here on: nothing is left behind, whatever ends the process.
        fs.rmSync(dir, { recursive: true });
      } catch {
        // A system that will not remove a file still open: it goes at `close`, as the folder does.
      }
    }
    return this.opened;
  }

  /** An entry's line: the key it starts with (`<length>:<key>`), and the state's JSON after it. */
  private lineOf(entry: number): { key: string; json: string } {
    const bytes = this.lengths[entry];
    const offset = this.offsets[entry];
    const buffer = Buffer.allocUnsafe(bytes);
    let read = 0;
    while (read < bytes) {
      const n = fs.readSync(this.opened!.fd, buffer, read, bytes - read, offset + read);
      if (n === 0) throw new Error(`RowSpill: ${this.file} ends before the line at ${offset}`);
      read += n;
    }
    const text = buffer.toString('utf8');
    const colon = text.indexOf(':');
    const keyEnd = colon + 1 + Number(text.slice(0, colon));
    return { key: text.slice(colon + 1, keyEnd), json: text.slice(keyEnd) };
  }
}

/** FNV-1a over the key's UTF-16 units: a 32-bit integer, which V8 keeps in a map without boxing it. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash | 0;
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
  /** Fresh (SpilledState.fresh). */
  f: boolean;
}

function encode(state: unknown, dirty: boolean, stored: unknown, fresh: boolean): Line {
  if (stored === undefined) return { s: state, d: dirty, u: null, f: fresh };
  if (!Array.isArray(state) || !Array.isArray(stored)) throw new Error('RowSpill: a stored state is kept only for lists of rows');
  const kept = new Set<unknown>(stored);
  const unchanged: number[] = [];
  state.forEach((row, i) => {
    if (kept.has(row)) unchanged.push(i);
  });
  return { s: state, d: dirty, u: unchanged, f: fresh };
}

function decode({ s, d, u, f }: Line): SpilledState {
  if (u === null) return { state: s, dirty: d, stored: undefined, fresh: f };
  const rows = s as unknown[];
  return { state: rows, dirty: d, stored: u.map((i) => rows[i]), fresh: f };
}
