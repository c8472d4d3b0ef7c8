import { createPrivateKey, createPublicKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EMBEDDED_PG_DEFAULTS, type AppConfig, type ComplainantKeysConfig } from '@app/platform';
import { keyIdOrNull } from '../checkpoint-key-pair';
import type { BackupHeader } from './backup-file';

/**
 * What `npm run restore` says once the rows are in (stdout, one line each): what keeps the restored
 * log verifiable and its identities readable here, and what to run next, with the settings that
 * name the restored database.
 */

/**
 * The checkpoints of the file were signed with the key of its header. They stay verifiable, and new
 * ones verifiable with them, only if this installation signs with that same private key: one key
 * verifies every checkpoint, and a process that signs refuses a verify key that is not its own
 * (checkpoint-key-pair.ts). null when this installation signs (and verifies) with it.
 */
export function checkpointKeyAdvice(header: BackupHeader, files: AppConfig['tamperEvidence'], file: string): string | null {
  const signed = header.checkpointKey?.keyId;
  if (!signed) return null;
  const signingExists = fs.existsSync(files.signingKeyFile);
  const signingId = signingExists ? keyIdOrNull(() => createPublicKey(createPrivateKey(fs.readFileSync(files.signingKeyFile)))) : null;
  const verifyFile = files.verifyKeyFile;
  const verifyId = verifyFile ? keyIdOrNull(() => createPublicKey(fs.readFileSync(verifyFile))) : signingId;
  if (signingId === signed && verifyId === signed) return null;

  const by = `The checkpoints were signed with key ${signed}`;
  if (signingId === signed) {
    const holds = verifyId ? `is key ${verifyId}` : 'holds no Ed25519 public key';
    return `${by}, this installation's signing key, but AUDIT_VERIFY_KEY_FILE (${verifyFile}) ${holds}: unset it, or verification fails and a server that signs checkpoints refuses to start.`;
  }
  const signs = signingId
    ? `this installation signs with key ${signingId} (AUDIT_SIGNING_KEY_FILE ${files.signingKeyFile})`
    : signingExists
      ? `this installation's AUDIT_SIGNING_KEY_FILE (${files.signingKeyFile}) holds no Ed25519 private key`
      : `this installation has no signing key yet (the first start generates a new one into ${files.signingKeyFile})`;
  const copy = `set AUDIT_SIGNING_KEY_FILE to a copy of the private key that signed them (the source installation's AUDIT_SIGNING_KEY_FILE, key ${signed})`;
  if (verifyId === signed) {
    return (
      `${by}, which AUDIT_VERIFY_KEY_FILE holds, but ${signs}: this installation can verify the restored log, read-only; ` +
      `a server that signs checkpoints refuses to start so. To go on signing checkpoints, ${copy}.`
    );
  }
  const pem = `head -1 ${shellQuote(file)} | node -e "process.stdout.write(JSON.parse(require('fs').readFileSync(0)).checkpointKey.pem)" > checkpoint-key.pem`;
  return (
    `${by}; ${signs}. To keep the log verifiable, ${copy}; until then verification fails. ` +
    `AUDIT_VERIFY_KEY_FILE naming its public key (the PEM in the file's header: ${pem}) only lets one verify, read-only: ` +
    'a server that signs checkpoints refuses to start with it.'
  );
}

/** The master keys that wrap restored data keys and are not configured here (masterKeyCoverage), said in one line; null when none. */
export function masterKeyWarning(
  coverage: { configured: string[]; missing: Array<{ id: string; dataKeys: number }> },
  keys: ComplainantKeysConfig,
): string | null {
  const { configured, missing } = coverage;
  if (missing.length === 0) return null;
  const total = missing.reduce((sum, { dataKeys }) => sum + dataKeys, 0);
  const here = keys.masterKeys
    ? `COMPLAINANT_MASTER_KEYS has ${configured.join(', ')}`
    : configured.length > 0
      ? `the key file ${keys.keyFile} (COMPLAINANT_MASTER_KEY_FILE) has ${configured.join(', ')}`
      : `there is no key file at ${keys.keyFile} (COMPLAINANT_MASTER_KEY_FILE)`;
  return (
    `${total} restored data keys are wrapped by master keys not configured here: ${missing.map(({ id, dataKeys }) => `${id} (${dataKeys})`).join(', ')}; ` +
    `${here}. The identities they protect cannot be read until those keys are configured: in COMPLAINANT_MASTER_KEYS, or with ` +
    "COMPLAINANT_MASTER_KEY_FILE naming a key file that holds them (the source's, or a copy kept from before `rotate --forget-retired`); " +
    '`npm run complainant-keys -- status` lists them.'
  );
}

/**
 * What to run next, on the restored database: with the settings that name it, so that the command
 * copied from here does not verify another one. Those are the embedded server's settings that differ
 * from their defaults: its data directory, and its port (not kept in the data directory: a server
 * started on the default port may find another one listening there). DATABASE_URL is not printed
 * (it may hold a password).
 */
export function nextStep(config: Pick<AppConfig, 'databaseUrl' | 'embeddedPostgres'>, env: NodeJS.ProcessEnv = process.env): string {
  const rebuilt = 'the read models are rebuilt from the log at the next start';
  if (config.databaseUrl) return `Next: \`npm run audit -- verify\` with the same DATABASE_URL; ${rebuilt} (with it too).`;
  const settings: string[] = [];
  const given = env.EMBEDDED_PG_DIR;
  // The default data directory is config.ts's, from the project's folder, where npm runs scripts.
  if (given && path.resolve(config.embeddedPostgres.dir) !== path.resolve(EMBEDDED_PG_DEFAULTS.dir)) {
    settings.push(`EMBEDDED_PG_DIR=${shellQuote(given)}`);
  }
  const { port } = config.embeddedPostgres;
  if (port !== EMBEDDED_PG_DEFAULTS.port) settings.push(`EMBEDDED_PG_PORT=${port}`);
  if (settings.length === 0) return `Next: \`npm run audit -- verify\`; ${rebuilt}.`;
  const setting = settings.join(' ');
  return `Next: \`${setting} npm run audit -- verify\`; ${rebuilt} (\`${setting} npm start\`).`;
}

/** A word for a POSIX shell: as it is when nothing in it is special, else in single quotes. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
