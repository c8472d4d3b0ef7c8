import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, parseMasterKeys, type AppConfig } from './config';

/**
 * COMPLAINANT_MASTER_KEY_FILE checked before anything is started, in the file's own terms (its
 * `keys` entries), not in those of COMPLAINANT_MASTER_KEYS: the keyring that reads it
 * (apps/api/src/complainants/master-keyring.ts) would otherwise stop the start with a stack, or
 * word the problem as if it were the variable. Nothing to check with COMPLAINANT_MASTER_KEYS set,
 * or before the file is first generated.
 */
export function requireMasterKeyFile(config: AppConfig): AppConfig {
  if (config.complainantKeys.masterKeys) return config;
  const problem = masterKeyFileProblem(config.complainantKeys.keyFile);
  if (problem) throw new ConfigError('COMPLAINANT_MASTER_KEY_FILE', problem);
  return config;
}

/** What is wrong with `file` as the development keyring (`{"keys": [{"id", "key"}, …]}`), or null (also when it is not there yet). */
export function masterKeyFileProblem(file: string): string | null {
  if (!fs.existsSync(file)) return null;
  if (fs.statSync(file).isDirectory()) {
    return `${file} is a folder: name the key file itself, e.g. ${path.join(file, 'complainant-master-keys.json')}`;
  }
  // Never "delete it": a new keyring cannot unwrap the identities the old one wrapped.
  const restore = 'restore it from your copy';
  let json: { keys?: unknown };
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8')) as { keys?: unknown };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${file} cannot be read (${code})` : `${file} is not JSON (${(error as Error).message}): ${restore}`;
  }
  if (typeof json !== 'object' || json === null || !Array.isArray(json.keys)) {
    return `${file} must be {"keys": [{"id": …, "key": …}, …]}, the current key first: ${restore}`;
  }
  if (json.keys.length === 0) return `${file} holds no master key ("keys" is empty): ${restore}`;
  const entries = json.keys as Array<{ id?: unknown; key?: unknown } | null>;
  for (const [i, entry] of entries.entries()) {
    try {
      parseMasterKeys(`${String(entry?.id)}:${String(entry?.key)}`);
    } catch {
      return `${file}: keys[${i}] must have an "id" (letters, digits, . _ -) and a "key" (32 bytes in base64)`;
    }
  }
  try {
    parseMasterKeys(entries.map((entry) => `${String(entry?.id)}:${String(entry?.key)}`).join(','), file);
  } catch (error) {
    return (error as Error).message;
  }
  return null;
}
