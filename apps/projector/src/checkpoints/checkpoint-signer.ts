import type { Pool } from 'pg';
import {
  CheckpointChain,
  CheckpointLedger,
  loadSigningKey,
  parseStatement,
  signCheckpoints,
  type CheckpointKeyFiles,
  type CheckpointSigningKey,
  type EventStore,
  type SignedCheckpoint,
} from '@app/event-store';
import type { Clock } from '@app/platform';

export interface CheckpointSignerLogger {
  log(message: string): void;
  error(message: string): void;
}

export interface CheckpointSignerDeps {
  pool: Pool;
  store: EventStore;
  clock: Clock;
  keyFiles: CheckpointKeyFiles;
  logger: CheckpointSignerLogger;
}

/**
 * Signs a checkpoint of the log every `intervalMs` (docs/architecture.md#the-event-store): the heads
 * of the streams changed since the previous one (libs/event-store/src/integrity/sign-checkpoints.ts).
 * The first round comes one interval after start. Several projectors may run it: the one that takes
 * a sequence first signs it, the others find nothing left. A failed round is logged and the next
 * one tries again; it never stops the projector.
 */
export class CheckpointSigner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private active = false;
  private key?: CheckpointSigningKey;
  /** Remembers the checkpoint last found to hold, so that a round reads one row of the ledger. */
  private chain?: CheckpointChain;

  constructor(
    private readonly deps: CheckpointSignerDeps,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.active) return;
    this.active = true;
    this.schedule();
  }

  /** Stops, and waits for a round in progress (so the pool can then be closed). */
  async stop(): Promise<void> {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One round: signs checkpoints until the visible log is covered. The key is loaded (in development, generated) on first use. */
  async signNow(): Promise<SignedCheckpoint[]> {
    this.key ??= loadSigningKey(this.deps.keyFiles);
    const ledger = new CheckpointLedger(this.deps.pool);
    this.chain ??= new CheckpointChain(ledger, this.key);
    const added = await signCheckpoints(this.deps.store, ledger, this.key, {
      now: () => this.deps.clock.now(),
      chain: this.chain,
      // Someone wrote to audit_checkpoints who does not hold the key: the application's database role
      // in the wrong hands, or a key changed under the projector. Said at every round it stays the newest.
      onUntrusted: (checkpoint, problem) =>
        this.deps.logger.error(
          `Checkpoint ${checkpoint.sequence} does not verify (${problem}): not building on it; ` +
            'the next checkpoint chains past it (npm run audit -- verify names it)',
        ),
    });
    for (const checkpoint of added) {
      const { heads, upToPosition } = parseStatement(checkpoint.statement);
      this.deps.logger.log(`Checkpoint ${checkpoint.sequence} signed: ${heads.length} streams up to position ${upToPosition}`);
    }
    return added;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.signNow()
        .catch((error: unknown) => this.deps.logger.error(`Checkpoint not signed, trying again later: ${(error as Error).message}`))
        .finally(() => {
          this.running = null;
          if (this.active) this.schedule();
        });
    }, this.intervalMs);
    // The HTTP server or the projector's keep-alive hold the process open, not this timer.
    this.timer.unref();
  }
}
