import * as fs from 'node:fs';
import { parseUnitSeed } from '@app/domain/unit/unit-seed';
import { ConfigError, type AppConfig } from '@app/platform/config';
import { requireDevTokenKeyFile } from '@app/platform/dev-token-key-file';
import { requireMasterKeyFile } from '@app/platform/master-key-file';
import { configOrExit, loadStartConfig } from '@app/platform/process-lifecycle';
import { requireVerifiableSigning } from './checkpoint-key-pair';

/**
 * A server start's configuration (loadStartConfig's), with the files a process serving the API
 * reads at start checked too: the unit seed file, the complainants' key file and the development
 * signing key; and, for a process that signs checkpoints, that AUDIT_VERIFY_KEY_FILE (when set) is
 * its signing key's public key (checkpoint-key-pair.ts). Read inside
 * NestJS, a damaged one would stop the start with a stack, after PostgreSQL was started for
 * nothing; here it is one line naming the variable and exit 78. Small imports only, so that main.ts
 * calls it before the application is loaded.
 */
export function loadServerConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return configOrExit(() => {
    const config = loadStartConfig(env);
    requireVerifiableSigning(config);
    if (config.appRole === 'projector') return config;
    requireUnitsSeedFile(config.unitsSeedFile);
    requireMasterKeyFile(config);
    return requireDevTokenKeyFile(config);
  });
}

/** The seed file the API registers units from (apps/api/src/units/unit-seeder.ts reads it again then). */
export function requireUnitsSeedFile(file: string | null): void {
  if (file === null) return;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigError('UNITS_SEED_FILE', `no such file: ${file} (none: no seeding)`);
    if (code === 'EISDIR') throw new ConfigError('UNITS_SEED_FILE', `${file} is a folder: name the seed file itself`);
    throw new ConfigError('UNITS_SEED_FILE', `${file} cannot be read (${code ?? (error as Error).message})`);
  }
  try {
    parseUnitSeed(file, text);
  } catch (error) {
    throw new ConfigError('UNITS_SEED_FILE', (error as Error).message);
  }
}
