import { parseArgs } from 'node:util';
import { rankingIdMistake } from '@app/domain/ranking/ranking-id';
import type { EventStore } from '@app/event-store';
import { commandLineOrExit } from '@app/platform/command-line';
import { ScriptInterruption } from '@app/platform/script-interruption';
import { RANKING_USAGE } from '../../../api/src/command-usages';

/**
 * `npm run ranking -- reproduce <id> [--json]`: a published ranking computed again from the log and
 * compared (apps/api/src/rankings/ranking.command.ts). Logs go to stderr, so `--json` stays parseable:
 * with `--json` a refusal is JSON too, the problem body the HTTP route answers.
 */
async function main(argv: string[]): Promise<number> {
  const { id, json } = commandLineOrExit(argv, RANKING_USAGE, readArguments);
  // Loaded once the arguments are read: --help and a mistake answer without a second of module loading.
  const { isDomainError } = await import('@app/domain');
  const { createKurrentDbEventStore, PostgresEventStore } = await import('@app/event-store');
  const { closeScriptDatabase, createLogger, loadConfigOrExit, openDatabase, openScriptPool } = await import('@app/platform');
  const { problemFor, reproduceRanking, runRankingCommand } = await import('../../../api/src');
  const { MIGRATION_FOLDERS } = await import('../migration-folders');
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'stderr');
  const database = await interruption.opening(openDatabase(config, logger, { migrations: MIGRATION_FOLDERS, existing: true }));
  // One connection holds the private copies, one reads the log.
  const pool = openScriptPool(database.url, 2, logger);
  const store: EventStore =
    config.eventStore === 'kurrentdb' ? createKurrentDbEventStore(config.kurrentDbUrl!) : new PostgresEventStore(pool, database.url);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    if (!json) return await runRankingCommand(argv, { pool, store, out });
    // The command says a refusal as `CODE: message`, for a person; a script reading --json gets it as the API's problem.
    try {
      const reproduction = await reproduceRanking(pool, store, id);
      out(JSON.stringify(reproduction, null, 2));
      return reproduction.identical ? 0 : 1;
    } catch (error) {
      if (!isDomainError(error)) throw error;
      out(JSON.stringify(problemFor(error), null, 2));
      return 1;
    }
  } finally {
    await closeScriptDatabase(database, pool, store);
  }
}

function readArguments(args: string[]): { id: string; json: boolean } {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, strict: true, allowPositionals: true });
  const [command, id, ...rest] = positionals;
  if (command !== 'reproduce') throw new Error(command === undefined ? 'name the command: reproduce' : `unknown command "${command}"`);
  if (id === undefined) throw new Error('name the ranking, e.g. 2026-11-department');
  if (rest.length > 0) throw new Error(`unexpected argument "${rest[0]}"`);
  // The route's rule (RankingIdPipe, 400 there): a mistake in the command line, said before the API is loaded.
  const mistake = rankingIdMistake(id);
  if (mistake) throw new Error(mistake);
  return { id, json: values.json ?? false };
}

// The private copies are temporary tables: they go with the connection.
const interruption = new ScriptInterruption((signal) => `ranking interrupted (${signal}): nothing was changed`);
main(process.argv.slice(2)).then(
  (status) => interruption.exit(status),
  (error: unknown) => interruption.exit(1, `ranking failed: ${(error as Error)?.message ?? String(error)}`),
);
