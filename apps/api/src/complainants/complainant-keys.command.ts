import * as fs from 'node:fs';
import type { Pool } from 'pg';
import type { ComplainantKeysConfig } from '@app/platform';
import { COMPLAINANT_KEYS_USAGE } from '../command-usages';
import { LEDGER_PEOPLE_TABLES } from '../ledger/people/people.store';
import { COMPLAINANT_TABLES } from './complainant-identity.store';
import { dataKeysByMasterKey, rewrapDataKeys } from './master-key-rotation';
import { generatedKey, loadMasterKeyring, MasterKeyring, readKeyFile, writeKeyFile } from './master-keyring';

/**
 * Every store whose data keys the master keys wrap: the complainants' and the ledger's people who
 * raise findings. A store left out here would keep keys under a master key `--forget-retired` drops.
 */
export const SEALED_PEOPLE_STORES = [COMPLAINANT_TABLES, LEDGER_PEOPLE_TABLES] as const;

/**
 * `npm run complainant-keys -- status | rotate` (docs/rules.md#master-keys-and-their-rotation), over
 * every store of SEALED_PEOPLE_STORES: the counts are their sums. Returns
 * the exit status: 0 done, 64 bad usage, 1 a data key wrapped by a master key the keyring lacks.
 *
 * With COMPLAINANT_MASTER_KEYS (production) the operator puts the new key first and keeps the old
 * ones after it, for this command and the running API alike; once `status` shows nothing under the
 * old ids, they are removed from the variable. With the development key file, `rotate` adds a new
 * key itself, and marks the rotation unfinished (`<key file>.rotating`) until every data key is
 * under it: run again after an interruption or a failure, it finishes that rotation under the same
 * key rather than generating another. Either way restart the API afterwards: it wraps new data
 * keys under the key that was current when it started. `onRotation` hears the master key the data
 * keys go under once it is fixed ('started'), and when every one is under it ('rewrapped'): what an
 * interruption leaves.
 */
export async function runComplainantKeysCommand(
  args: readonly string[],
  {
    pool,
    keys,
    out,
    onRotation,
  }: {
    pool: Pool;
    keys: ComplainantKeysConfig;
    out: (line: string) => void;
    onRotation?: (keyId: string, stage: 'started' | 'rewrapped') => void;
  },
): Promise<number> {
  const [command, ...options] = args;
  const forgetRetired = options.includes('--forget-retired');
  if (!['status', 'rotate'].includes(command) || options.some((o) => o !== '--forget-retired') || (forgetRetired && command !== 'rotate')) {
    out(COMPLAINANT_KEYS_USAGE);
    return 64;
  }
  const fromFile = keys.masterKeys === null;
  let keyring = loadMasterKeyring(keys, (file) => out(`generated a master key into ${file}`));

  if (command === 'rotate') {
    // Before any key is generated: a refused rotation leaves the key file as it was.
    const unknown = await unknownMasterKeys(pool, keyring);
    if (unknown.length > 0) {
      out(`cannot rotate: data keys are wrapped by master keys not configured: ${unknown.join(', ')}`);
      return 1;
    }
    if (fromFile) {
      const unfinished = unfinishedRotation(keys.keyFile, keyring);
      if (unfinished) {
        out(`finishing the rotation to master key ${keyring.current.id} begun ${unfinished.startedAt}: no new key generated`);
      } else {
        keyring = new MasterKeyring([generatedKey(), ...keyring.keys]);
        writeKeyFile(keys.keyFile, keyring.keys);
        markRotation(keys.keyFile, keyring.current.id);
        out(`new master key ${keyring.current.id} written to ${keys.keyFile}`);
      }
    }
    onRotation?.(keyring.current.id, 'started');
    let rewrapped = 0;
    for (const store of SEALED_PEOPLE_STORES) rewrapped += (await rewrapDataKeys(pool, keyring, store)).rewrapped;
    if (fromFile) fs.rmSync(rotationMark(keys.keyFile), { force: true });
    onRotation?.(keyring.current.id, 'rewrapped');
    out(`rewrapped ${rewrapped} data keys under master key ${keyring.current.id}`);
    if (forgetRetired && fromFile) {
      const used = await dataKeysByMasterKey(pool, SEALED_PEOPLE_STORES);
      const kept = keyring.keys.filter((k, i) => i === 0 || used[k.id]);
      writeKeyFile(keys.keyFile, kept);
      out(`kept master keys ${kept.map((k) => k.id).join(', ')} in ${keys.keyFile}`);
      keyring = new MasterKeyring(kept);
    }
  }

  const counts = await dataKeysByMasterKey(pool, SEALED_PEOPLE_STORES);
  out(`current master key: ${keyring.current.id}${fromFile ? ` (${keys.keyFile})` : ' (COMPLAINANT_MASTER_KEYS)'}`);
  for (const key of keyring.keys) out(`  ${key.id}: ${counts[key.id] ?? 0} data keys`);
  const unknown = await unknownMasterKeys(pool, keyring);
  for (const id of unknown) out(`  ${id}: ${counts[id]} data keys — NOT CONFIGURED: these identities cannot be read`);
  const unfinished = fromFile && unfinishedRotation(keys.keyFile, keyring);
  if (unfinished) out(`the rotation to ${keyring.current.id} begun ${unfinished.startedAt} is unfinished: rotate finishes it`);
  return unknown.length > 0 ? 1 : 0;
}

/**
 * The master key ids configured (COMPLAINANT_MASTER_KEYS, else the key file's; none without a key
 * file: nothing is generated here) and those that wrap stored data keys without being configured,
 * each with how many data keys: what `status` reports as NOT CONFIGURED, for `npm run restore`.
 */
export async function masterKeyCoverage(
  pool: Pool,
  keys: ComplainantKeysConfig,
): Promise<{ configured: string[]; missing: Array<{ id: string; dataKeys: number }> }> {
  const configured = keys.masterKeys ? keys.masterKeys.map((k) => k.id) : fs.existsSync(keys.keyFile) ? readKeyFile(keys.keyFile).ids : [];
  const counts = await dataKeysByMasterKey(pool, SEALED_PEOPLE_STORES);
  const missing = Object.entries(counts)
    .filter(([id]) => !configured.includes(id))
    .map(([id, dataKeys]) => ({ id, dataKeys }));
  return { configured, missing };
}

async function unknownMasterKeys(pool: Pool, keyring: MasterKeyring): Promise<string[]> {
  return Object.keys(await dataKeysByMasterKey(pool, SEALED_PEOPLE_STORES)).filter((id) => !keyring.byId(id));
}

/**
 * Beside the key file while a rotation that generated a key is not done (`{"key", "startedAt"}`): a
 * rotation interrupted (Ctrl-C), or failed half-way, is finished by the next `rotate` under the key
 * it generated, instead of a new key each time, with the data keys spread over all of them.
 */
function rotationMark(keyFile: string): string {
  return `${keyFile}.rotating`;
}

function markRotation(keyFile: string, keyId: string): void {
  const mark = rotationMark(keyFile);
  fs.rmSync(mark, { force: true });
  fs.writeFileSync(mark, JSON.stringify({ key: keyId, startedAt: new Date().toISOString() }) + '\n', { mode: 0o600, flag: 'wx' });
}

/** The rotation to the keyring's current key left unfinished, if any: a mark naming another key (the file changed since) is none. */
function unfinishedRotation(keyFile: string, keyring: MasterKeyring): { startedAt: string } | null {
  let mark: { key?: unknown; startedAt?: unknown };
  try {
    mark = JSON.parse(fs.readFileSync(rotationMark(keyFile), 'utf8')) as typeof mark;
  } catch {
    return null;
  }
  if (mark?.key !== keyring.current.id) return null;
  return { startedAt: typeof mark.startedAt === 'string' ? mark.startedAt : 'earlier' };
}
