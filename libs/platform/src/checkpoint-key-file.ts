import { createPrivateKey, createPublicKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The checkpoint keys of tamper evidence (AUDIT_SIGNING_KEY_FILE, AUDIT_VERIFY_KEY_FILE), checked
 * when the configuration is read (config.ts), so that every process and script that reads them
 * refuses a damaged one in one line naming the variable and exit 78, before anything is started. Read
 * where they are used (libs/event-store/src/integrity/checkpoint-key.ts), a damaged file was an
 * OpenSSL error every interval in the projector's log, a 500 from the audit routes, and `audit --
 * verify` failing to run.
 */
export type CheckpointKeyKind = 'private' | 'public';

const EXPECTED: Record<CheckpointKeyKind, string> = {
  private: 'an Ed25519 private key (PEM, PKCS #8)',
  public: 'an Ed25519 public key (PEM)',
};

/** What is wrong with `file` as the checkpoint key of `kind`, or null; the file must exist. */
export function checkpointKeyFileProblem(file: string, kind: CheckpointKeyKind): string | null {
  let content: Buffer;
  try {
    content = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `no such file: ${file}`;
    if (code === 'EISDIR') return `${file} is a folder: name the key file itself, e.g. ${path.join(file, 'audit-signing-key.pem')}`;
    return `${file} cannot be read (${code ?? (error as Error).message})`;
  }
  try {
    const key = kind === 'private' ? createPrivateKey(content) : createPublicKey(content);
    if (key.asymmetricKeyType === 'ed25519') return null;
  } catch {
    // said below: not a key at all
  }
  // Never "delete it": checkpoints signed with the key would no longer verify with a new one.
  return `${file} is not ${EXPECTED[kind]}: restore it from your copy, or name the right file`;
}
