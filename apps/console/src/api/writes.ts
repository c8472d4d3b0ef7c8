import { reactive } from 'vue';

/**
 * Read-your-writes: every command answers with the log position of what it appended; the lists and
 * figures read next pass the latest one as `?after=`, and the API waits (bounded) until the read model
 * has applied it. So a case just filed is in the list the user goes back to.
 */
const lastWrite = reactive<{ position: string | null }>({ position: null });

/** Remember a command's position (positions are decimal strings of up to 20 digits: compared as BigInt). */
export function rememberWrite(result: { position?: string | null }): void {
  const position = result.position;
  if (!position) return;
  if (lastWrite.position === null || BigInt(position) > BigInt(lastWrite.position)) lastWrite.position = position;
}

/** `{ after }` for a query after this tab's last command; nothing before any. */
export function afterLastWrite(): { after?: string } {
  return lastWrite.position === null ? {} : { after: lastWrite.position };
}

/** A fresh Idempotency-Key for one act of the user: a resent request (a double click, a retry) acts once. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
