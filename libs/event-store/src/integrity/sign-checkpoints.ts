import { sign } from 'node:crypto';
import type { EventStore } from '../event-store';
import { canonicalJson } from './canonical-json';
import { CheckpointChain } from './checkpoint-chain';
import type { CheckpointSigningKey } from './checkpoint-key';
import {
  MAX_STATEMENT_BYTES,
  statementHashOf,
  type CheckpointLedger,
  type CheckpointStatement,
  type SignedCheckpoint,
  type SignedHead,
} from './checkpoints';

export interface SignCheckpointsOptions {
  now?: () => Date;
  /** Heads per checkpoint: a log with more changed streams is covered by several checkpoints. */
  maxHeads?: number;
  pageSize?: number;
  /** Kept across rounds (CheckpointSigner): remembers the checkpoint last found to hold, so a round reads one row. */
  chain?: CheckpointChain;
  /** Told of a newest row that does not hold, which the round's checkpoint (if any) chains past. */
  onUntrusted?: (checkpoint: SignedCheckpoint, problem: string) => void;
}

/** A head's JSON besides its stream id: the hash (64), the version, keys, quotes and commas, with room. */
const HEAD_BYTES = 128;
/** The heads' share of a statement, the rest (sequence, previous, position, instant, key id) far below the margin. */
const HEADS_BYTE_BUDGET = MAX_STATEMENT_BYTES - 64 * 1024;

/**
 * Signs checkpoints until the visible log is covered; returns those added (none when nothing
 * changed). Safe with several projectors: a sequence someone else took ends the round.
 *
 * Never builds on a row it cannot verify with its own key (a row planted by the application's role):
 * it reads the log from the newest checkpoint that holds (checkpoint-chain.ts) and takes the next
 * sequence after the newest row, with `previous` the hash of that row's statement. The rows stay one
 * unbroken chain, so the verifier names the planted row alone and accepts the checkpoints after it;
 * a planted upToPosition is never read, so no event escapes signing. The signature vouches for the
 * checkpoint; the link to a planted row vouches only that nothing was removed between the two.
 */
export async function signCheckpoints(
  store: EventStore,
  ledger: CheckpointLedger,
  key: CheckpointSigningKey,
  options: SignCheckpointsOptions = {},
): Promise<SignedCheckpoint[]> {
  const maxHeads = options.maxHeads ?? 5_000;
  const pageSize = options.pageSize ?? 5_000;
  const chain = options.chain?.key.keyId === key.keyId ? options.chain : new CheckpointChain(ledger, key);
  const added: SignedCheckpoint[] = [];
  for (;;) {
    const { newest, newestProblem, lastValid } = await chain.end();
    if (newest && newestProblem) options.onUntrusted?.(newest, newestProblem);
    let after = lastValid ? BigInt(lastValid.statement.upToPosition) : undefined;
    const heads = new Map<string, SignedHead>();
    let headBytes = 0;
    let upTo: bigint | undefined;
    reading: for (
      let page = await store.readAll({ after, limit: pageSize });
      page.length > 0;
      page = await store.readAll({ after, limit: pageSize })
    ) {
      for (const event of page) {
        if (!heads.has(event.streamId)) {
          // Within MAX_STATEMENT_BYTES whatever the stream ids' length: a larger statement is read as a planted one.
          const bytes = Buffer.byteLength(event.streamId, 'utf8') + HEAD_BYTES;
          if (heads.size >= maxHeads || (heads.size > 0 && headBytes + bytes > HEADS_BYTE_BUDGET)) break reading;
          headBytes += bytes;
        }
        heads.set(event.streamId, { streamId: event.streamId, version: event.streamVersion, hash: event.hash ?? null });
        upTo = event.position;
      }
      after = page[page.length - 1].position;
      if (page.length < pageSize) break;
    }
    if (upTo === undefined) return added;
    // A row planted at the end of the range leaves no next sequence: said plainly, every round (and
    // health is degraded, the newest row not verifying) until an owner of the database removes it.
    if (newest && !Number.isSafeInteger(newest.sequence + 1)) {
      throw new Error(
        `Checkpoint row ${newest.sequence} leaves no next sequence to sign; it does not verify: ${newestProblem ?? 'unknown'}`,
      );
    }

    const statement: CheckpointStatement = {
      sequence: (newest?.sequence ?? 0) + 1,
      previous: newest ? statementHashOf(newest) : null,
      upToPosition: upTo.toString(),
      heads: [...heads.values()].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0)),
      signedAt: (options.now?.() ?? new Date()).toISOString(),
      keyId: key.keyId,
    };
    const text = canonicalJson(statement);
    const checkpoint = {
      sequence: statement.sequence,
      statement: text,
      signature: sign(null, Buffer.from(text, 'utf8'), key.privateKey).toString('base64url'),
    };
    if (!(await ledger.add(checkpoint))) return added;
    chain.trust(checkpoint);
    added.push(checkpoint);
  }
}
