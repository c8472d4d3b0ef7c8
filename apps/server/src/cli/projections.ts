import { parseArgs } from 'node:util';
import { commandLineOrExit } from '@app/platform/command-line';
import { READ_MODEL_NAMES } from '@app/projections/read-model-names';
import type { RebuildRequest } from '../../../projector/src';

const USAGE = `usage: npm run projections -- rebuild <name|all> [--force]   (names: ${READ_MODEL_NAMES.join(', ')})`;

/**
 * `npm run projections -- rebuild <name|all> [--force]`: the projector's command
 * (apps/projector/src/cli/projections.ts), on a database migrated in full. The arguments are read
 * before the projector and the database's modules are loaded (a second of Node's time), so that
 * `--help` and a mistake answer at once (as for token, migrate, backup, restore and audit): the
 * names come from the light list the projections are held equal to (projections/read-model-names.ts).
 */
async function main(argv: string[]): Promise<void> {
  const request = commandLineOrExit(argv, USAGE, readArguments);
  const { runProjectionsCli } = await import('../../../projector/src');
  const { MIGRATION_FOLDERS } = await import('../migration-folders');
  runProjectionsCli(request, MIGRATION_FOLDERS);
}

function readArguments(args: string[]): RebuildRequest {
  const { values, positionals } = parseArgs({ args, options: { force: { type: 'boolean' } }, strict: true, allowPositionals: true });
  const [command, target, ...rest] = positionals;
  if (command !== 'rebuild') throw new Error(command === undefined ? 'name the command: rebuild' : `unknown command "${command}"`);
  if (target === undefined) throw new Error('name the read model to rebuild, or all');
  const readModels = target === 'all' ? READ_MODEL_NAMES : READ_MODEL_NAMES.filter((name) => name === target);
  if (readModels.length === 0) throw new Error(`"${target}" is not a read model: name one of ${READ_MODEL_NAMES.join(', ')}, or all`);
  if (rest.length > 0) throw new Error(`unexpected argument "${rest[0]}"`);
  return { readModels, force: values.force ?? false };
}

void main(process.argv.slice(2));
