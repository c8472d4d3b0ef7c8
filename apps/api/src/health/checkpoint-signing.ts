import type { Pool } from 'pg';
import {
  CheckpointChain,
  CheckpointLedger,
  loadVerifyKey,
  parseStatement,
  type CheckpointPublicKey,
  type CheckpointStatement,
  type EventStore,
  type SignedCheckpoint,
} from '@app/event-store';
import type { TamperEvidenceConfig } from '@app/platform';

/**
 * How far the signed checkpoints of the log have got (docs/architecture.md#signing-in-health). A
 * signer that stopped (no key, a failing round, a planted row it used to stumble on) says so only in
 * its log; here it shows as events no valid checkpoint covers, growing old.
 */
export interface CheckpointSigningReport {
  /** The key checkpoints are checked with (AUDIT_VERIFY_KEY_FILE, else the signing key's); null: none here. */
  keyId: string | null;
  /** The row with the highest sequence, and why it cannot be trusted (null: it holds, or no key to tell). */
  newest: { sequence: number; problem: string | null } | null;
  /** The newest checkpoint that holds (without a key: the newest row, as it says); null: none among the newest rows. */
  lastValid: { sequence: number; upToPosition: string; signedAt: string; ageSeconds: number } | null;
  /** When the oldest event after lastValid's position was recorded (null: every event is covered). */
  unsignedSince: string | null;
  /** Its age (0: none): how long signing has been behind. */
  unsignedSeconds: number;
  /** `unsignedSeconds` from which the service is degraded; null: this configuration signs none (interval 0). */
  staleAfterSeconds: number | null;
}

/** The ledger's end as the report needs it. */
interface LedgerEnd {
  newest: SignedCheckpoint | null;
  problem: string | null;
  lastValid: Pick<CheckpointStatement, 'sequence' | 'upToPosition' | 'signedAt'> | null;
}

/** Rows walked back past planted ones before giving up on finding the last valid checkpoint here (the signer walks on). */
const HEALTH_MAX_ROWS = 16;

/**
 * Reads the signing state in two or three indexed reads: the newest row (and, while it does not
 * hold, up to HEALTH_MAX_ROWS before it) on the probe's own connection, its signature checked
 * (microseconds; the checkpoint last found to hold is remembered, CheckpointChain), and the first
 * event after the last valid checkpoint's position (the store's backlog probe). Never the whole ledger.
 */
export class CheckpointSigningProbe {
  private readonly ledger: CheckpointLedger;
  private chain: CheckpointChain | null = null;

  constructor(
    connection: Pool,
    private readonly store: EventStore,
    private readonly config: TamperEvidenceConfig,
  ) {
    this.ledger = new CheckpointLedger(connection);
  }

  async read(now = Date.now()): Promise<CheckpointSigningReport> {
    const key = this.key();
    const { newest, problem, lastValid } = key ? await this.fromChain(key) : await this.fromNewestRow();
    const backlog = await this.store.backlog({ after: lastValid ? BigInt(lastValid.upToPosition) : undefined, limit: 1 });
    const since = backlog.next?.recordedAt ?? null;
    const seconds = (instant: string) => Math.max(0, (now - Date.parse(instant)) / 1000);
    return {
      keyId: key?.keyId ?? null,
      newest: newest && { sequence: newest.sequence, problem },
      lastValid: lastValid && {
        sequence: lastValid.sequence,
        upToPosition: lastValid.upToPosition,
        signedAt: new Date(lastValid.signedAt).toISOString(),
        ageSeconds: seconds(lastValid.signedAt),
      },
      unsignedSince: since,
      unsignedSeconds: since === null ? 0 : seconds(since),
      staleAfterSeconds: this.config.checkpointIntervalSeconds === 0 ? null : this.config.checkpointStaleSeconds,
    };
  }

  private async fromChain(key: CheckpointPublicKey): Promise<LedgerEnd> {
    if (this.chain?.key.keyId !== key.keyId) this.chain = new CheckpointChain(this.ledger, key);
    const end = await this.chain.end({ maxRows: HEALTH_MAX_ROWS });
    return {
      newest: end.newest,
      problem: end.newestProblem,
      lastValid: end.lastValid && { ...end.lastValid.statement, sequence: end.lastValid.checkpoint.sequence },
    };
  }

  /**
   * No key to check with: the newest row is taken at its word, so a stopped signer still shows; a
   * planted row cannot be told from a real one here (`keyId: null` says so).
   */
  private async fromNewestRow(): Promise<LedgerEnd> {
    const newest = await this.ledger.last();
    let statement: CheckpointStatement | null = null;
    try {
      statement = newest && parseStatement(newest.statement);
    } catch {
      statement = null;
    }
    // Unchecked, so what is reported is only what has the shape of a checkpoint's.
    const usable = !!statement && typeof statement.signedAt === 'string' && !Number.isNaN(Date.parse(statement.signedAt));
    const lastValid = newest && statement && usable ? { ...statement, sequence: newest.sequence } : null;
    return { newest, problem: null, lastValid };
  }

  /** Loaded once found; looked for again while there is none (the projector generates the development key on its first round). */
  private key(): CheckpointPublicKey | null {
    if (this.loaded) return this.loaded;
    try {
      this.loaded = loadVerifyKey(this.config, { generate: false });
    } catch {
      // A key file damaged since the start: nothing can be checked, as without one.
      this.loaded = null;
    }
    return this.loaded;
  }

  private loaded: CheckpointPublicKey | null = null;
}

/** Whether the signing state makes the service degraded: the newest row does not hold, or events wait too long for a checkpoint. */
export function signingDegraded(report: CheckpointSigningReport | undefined): boolean {
  if (!report) return false;
  if (report.newest?.problem) return true;
  return report.staleAfterSeconds !== null && report.unsignedSeconds >= report.staleAfterSeconds;
}
