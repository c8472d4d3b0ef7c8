import type { CheckpointPublicKey } from './checkpoint-key';
import { checkpointProblem, parseStatement, type CheckpointLedger, type CheckpointStatement, type SignedCheckpoint } from './checkpoints';

/**
 * Where the chain of checkpoints ends: its newest row, and the newest checkpoint that holds. They
 * differ when someone with the application's role (which may INSERT into `audit_checkpoints`, never
 * UPDATE or DELETE) planted a row: the signer reads the log from the last one that holds (a planted
 * upToPosition must not make it skip events) and chains onto the newest row (sign-checkpoints.ts).
 */
export interface ChainEnd {
  /** The row with the highest sequence, whatever it holds; null: the table is empty. */
  newest: SignedCheckpoint | null;
  /** Why the newest row cannot be trusted; null when it holds (or there is none). */
  newestProblem: string | null;
  /** The newest checkpoint that holds, and its statement; null: none (or none among the rows read, see `exhausted`). */
  lastValid: { checkpoint: SignedCheckpoint; statement: CheckpointStatement } | null;
  /** False when the walk back stopped at `maxRows` before finding one that holds. */
  exhausted: boolean;
}

/** Rows read per query walking back: the newest, the one before it, then more at a time past planted rows. */
const PAGE_SIZES = [1, 1, 16, 256];

/**
 * Finds the chain's end, walking back from the newest row only as far as the first one that holds
 * (signature and link to the row before it: checkpointProblem without the position, which the
 * signature vouches for). Cheap: usually one row read and at most one signature checked
 * (microseconds): the row last found to hold is remembered, so that while it stays the newest it is
 * not checked again, and a row signed after it is linked to it without reading it again. Rows are immutable to the application; the comparison is of the whole row, so
 * a row changed by a superuser is checked afresh.
 */
export class CheckpointChain {
  private known: SignedCheckpoint | null = null;

  constructor(
    private readonly ledger: CheckpointLedger,
    readonly key: CheckpointPublicKey,
  ) {}

  /** Remembers a checkpoint known to hold: the one just signed. */
  trust(checkpoint: SignedCheckpoint): void {
    this.known = checkpoint;
  }

  async end(options: { maxRows?: number } = {}): Promise<ChainEnd> {
    const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
    const rows = new NewestFirst(this.ledger);
    const newest = await rows.next();
    let newestProblem: string | null = null;
    let current = newest;
    for (let read = 1; current; read++) {
      if (this.isKnown(current)) return this.found(newest, newestProblem, current);
      // The row after the remembered one (a checkpoint signed since): linked to it, no read needed.
      if (this.known?.sequence === current.sequence - 1 && !checkpointProblem(current, this.known, this.key)) {
        return this.found(newest, newestProblem, current);
      }
      const before = await rows.next();
      const problem = checkpointProblem(current, before, this.key);
      if (!problem) return this.found(newest, newestProblem, current);
      if (current === newest) newestProblem = problem;
      if (read >= maxRows) return { newest, newestProblem, lastValid: null, exhausted: false };
      current = before;
    }
    return { newest, newestProblem, lastValid: null, exhausted: true };
  }

  private found(newest: SignedCheckpoint | null, newestProblem: string | null, valid: SignedCheckpoint): ChainEnd {
    this.known = valid;
    return { newest, newestProblem, lastValid: { checkpoint: valid, statement: parseStatement(valid.statement) }, exhausted: true };
  }

  private isKnown(row: SignedCheckpoint): boolean {
    const known = this.known;
    return !!known && known.sequence === row.sequence && known.statement === row.statement && known.signature === row.signature;
  }
}

/** The ledger's rows, newest first, read a page at a time as the walk back needs them. */
class NewestFirst {
  private buffered: SignedCheckpoint[] = [];
  private below: number | undefined;
  private pages = 0;
  private exhausted = false;

  constructor(private readonly ledger: CheckpointLedger) {}

  async next(): Promise<SignedCheckpoint | null> {
    if (this.buffered.length === 0 && !this.exhausted) {
      const size = PAGE_SIZES[Math.min(this.pages++, PAGE_SIZES.length - 1)];
      this.buffered = await this.ledger.newest(size, this.below);
      this.exhausted = this.buffered.length < size;
      if (this.buffered.length > 0) this.below = this.buffered[this.buffered.length - 1].sequence;
    }
    return this.buffered.shift() ?? null;
  }
}
