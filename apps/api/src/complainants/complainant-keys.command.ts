import type { Pool } from 'pg';
import type { ComplainantKeysConfig } from '@app/platform';
import { LEDGER_PEOPLE_TABLES } from '../ledger/people/people.store';
import { COMPLAINANT_TABLES } from './complainant-identity.store';
import { dataKeysByMasterKey, rewrapDataKeys } from './master-key-rotation';
import { generatedKey, loadMasterKeyring, MasterKeyring, writeKeyFile } from './master-keyring';

/**
 * Every store whose data keys the master keys wrap: the complainants' and the ledger's people who
 * raise findings. A store left out here would keep keys under a master key `--forget-retired` drops.
 */
export const SEALED_PEOPLE_STORES = [COMPLAINANT_TABLES, LEDGER_PEOPLE_TABLES] as const;

export const COMPLAINANT_KEYS_USAGE =
  'usage: npm run complainant-keys -- status | rotate [--forget-retired]\n' +
  '  status                  the master keys configured and how many data keys each wraps (complainants\n' +
  '                          and the people who raised findings together)\n' +
  '  rotate                  rewrap every data key under the current master key; with the development key\n' +
  '                          file, a new master key is generated first and becomes the current one\n' +
  '  --forget-retired        then drop from the key file the master keys that wrap nothing any more';

/**
 * `npm run complainant-keys -- status | rotate` (docs/rules.md#master-keys-and-their-rotation), over
 * every store of SEALED_PEOPLE_STORES: the counts are their sums. Returns
 * the exit status: 0 done, 64 bad usage, 1 a data key wrapped by a master key the keyring lacks.
 *
 * With COMPLAINANT_MASTER_KEYS (production) the operator puts the new key first and keeps the old
 * ones after it, for this command and the running API alike; once `status` shows nothing under the
 * old ids, they are removed from the variable. With the development key file, `rotate` adds a new
 * key itself. Either way restart the API afterwards: it wraps new data keys under the key that was
 * current when it started.
 */
export async function runComplainantKeysCommand(
  args: readonly string[],
  { pool, keys, out }: { pool: Pool; keys: ComplainantKeysConfig; out: (line: string) => void },
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
    if (fromFile) {
      keyring = new MasterKeyring([generatedKey(), ...keyring.keys]);
      writeKeyFile(keys.keyFile, keyring.keys);
      out(`new master key ${keyring.current.id} written to ${keys.keyFile}`);
    }
    const unknown = await unknownMasterKeys(pool, keyring);
    if (unknown.length > 0) {
      out(`cannot rotate: data keys are wrapped by master keys not configured: ${unknown.join(', ')}`);
      return 1;
    }
    let rewrapped = 0;
    for (const store of SEALED_PEOPLE_STORES) rewrapped += (await rewrapDataKeys(pool, keyring, store)).rewrapped;
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
  return unknown.length > 0 ? 1 : 0;
}

async function unknownMasterKeys(pool: Pool, keyring: MasterKeyring): Promise<string[]> {
  return Object.keys(await dataKeysByMasterKey(pool, SEALED_PEOPLE_STORES)).filter((id) => !keyring.byId(id));
}
