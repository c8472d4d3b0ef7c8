import { createPrivateKey, type JsonWebKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, type AppConfig } from './config';

/**
 * DEV_TOKEN_KEY_FILE checked before anything is started (the server, `npm run token`): the issuer
 * that reads it (apps/api/src/auth/dev-token-issuer.ts) throws from inside NestJS's dependency
 * injection, which prints a stack and exits; here a damaged or misnamed file is one line and exit 78.
 * Nothing to check with an OIDC provider, which the development key is not used with.
 */
export function requireDevTokenKeyFile(config: AppConfig): AppConfig {
  if (config.auth.oidc) return config;
  const problem = devTokenKeyFileProblem(config.auth.devKeyFile);
  if (problem) throw new ConfigError('DEV_TOKEN_KEY_FILE', problem);
  return config;
}

/** What is wrong with `file` as the development signing key (a P-256 private JWK), or null; a file not there yet is made on first use. */
export function devTokenKeyFileProblem(file: string): string | null {
  const stat = statOrNull(file);
  if (!stat) return folderProblem(file);
  if (stat.isDirectory()) return `${file} is a folder: name the key file itself, e.g. ${path.join(file, 'dev-token-key.json')}`;
  const damaged = `fix it, or delete it to have a new one made (tokens signed with it are then refused)`;
  let jwk: unknown;
  try {
    jwk = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code) return `${file} cannot be read (${code})`;
    return `${file} is not a development signing key (not JSON: ${(error as Error).message}): ${damaged}`;
  }
  try {
    const key = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
    if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return null;
  } catch {
    // said below: not a private key at all
  }
  return `${file} is not a development signing key (a P-256 private key as a JWK): ${damaged}`;
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}

/** The key file is made with its folders on first use: that fails if a file stands where a folder must be. */
function folderProblem(file: string): string | null {
  for (let folder = path.dirname(file); ; folder = path.dirname(folder)) {
    const stat = statOrNull(folder);
    if (stat) return stat.isDirectory() ? null : `${file} cannot be made: ${folder} is a file, not a folder`;
    if (path.dirname(folder) === folder) return null;
  }
}
