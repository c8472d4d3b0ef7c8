import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { masterKey, masterKeyFileProblem, parseMasterKeys, writeFileOnce, type ComplainantKeysConfig, type MasterKey } from '@app/platform';
import { newKey } from './sealed-box';

/**
 * The master keys (key-encryption keys) that wrap complainants' data keys. `current` wraps every new
 * data key; the others are kept to unwrap data keys a rotation has not rewrapped yet. Each wrapped
 * data key is stored with the id of the master key that wrapped it.
 */
export class MasterKeyring {
  protected held: readonly MasterKey[];

  constructor(keys: readonly MasterKey[]) {
    if (keys.length === 0) throw new Error('A master keyring needs at least one key');
    this.held = keys;
  }

  get keys(): readonly MasterKey[] {
    return this.held;
  }

  get current(): MasterKey {
    return this.keys[0];
  }

  byId(id: string): MasterKey | undefined {
    return this.keys.find((k) => k.id === id);
  }

  get ids(): string[] {
    return this.keys.map((k) => k.id);
  }
}

/**
 * The development key file's keyring, read again whenever the file changes: a rotation
 * (`npm run complainant-keys -- rotate`) rewrites the file while the API runs, and from then on the
 * API wraps new data keys under the new key and finds the rewrapped ones, without a restart.
 */
export class KeyFileKeyring extends MasterKeyring {
  private readAt: number;

  constructor(private readonly file: string) {
    const changedAt = fs.statSync(file).mtimeMs;
    super(readKeyFile(file).keys);
    this.readAt = changedAt;
  }

  override get keys(): readonly MasterKey[] {
    const changedAt = fs.statSync(this.file).mtimeMs;
    if (changedAt !== this.readAt) {
      this.held = readKeyFile(this.file).keys;
      this.readAt = changedAt;
    }
    return this.held;
  }
}

/** Nest injection token of the MasterKeyring. */
export const MASTER_KEYRING = Symbol('MASTER_KEYRING');

/**
 * The keyring the configuration names: COMPLAINANT_MASTER_KEYS when set (production: from a secret
 * store; a new list takes a restart), else the development key file, generated with one key on first
 * use and followed as it changes.
 */
export function loadMasterKeyring(config: ComplainantKeysConfig, onGenerated?: (file: string) => void): MasterKeyring {
  if (config.masterKeys) return new MasterKeyring(config.masterKeys);
  if (!fs.existsSync(config.keyFile)) {
    if (writeFileOnce(config.keyFile, keyFileText([generatedKey()]))) onGenerated?.(config.keyFile);
  }
  return new KeyFileKeyring(config.keyFile);
}

/**
 * The development key file: `{"keys": [{"id", "key"}]}`, the current key first, readable by its
 * owner only. Lives under .data/, which git ignores.
 */
export function readKeyFile(file: string): MasterKeyring {
  // In the file's own terms, as the start's check says it: met only by a file changed since the start.
  const problem = masterKeyFileProblem(file);
  if (problem) throw new Error(`The complainant master key file: ${problem}`);
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { keys?: Array<{ id?: unknown; key?: unknown }> };
  const entries = (parsed.keys ?? []).map((k) => `${String(k.id)}:${String(k.key)}`).join(',');
  return new MasterKeyring(parseMasterKeys(entries, file));
}

/** Writes the keyring whole (atomically: a temporary file renamed over the old one). */
export function writeKeyFile(file: string, keys: readonly MasterKey[]): void {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(temporary, keyFileText(keys), { mode: 0o600, flag: 'wx' });
  fs.renameSync(temporary, file);
}

/** A new master key with an id that says when it was made. */
export function generatedKey(now = new Date()): MasterKey {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return masterKey(`k${day}-${randomBytes(3).toString('hex')}`, newKey());
}

function keyFileText(keys: readonly MasterKey[]): string {
  return JSON.stringify({ keys: keys.map((k) => ({ id: k.id, key: k.key.toString('base64') })) }, null, 2) + '\n';
}
