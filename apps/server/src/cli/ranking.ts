import { parseArgs } from 'node:util';
import { isDomainError } from '@app/domain';
import { createKurrentDbEventStore, PostgresEventStore, type EventStore } from '@app/event-store';
import {
  closeScriptDatabase,
  commandLineOrExit,
  createLogger,
  loadConfigOrExit,
  openDatabase,
  openScriptPool,
  ScriptInterruption,
} from '@app/platform';
import { problemFor, RANKING_USAGE, rankingIdMistake, reproduceRanking, runRankingCommand } from '../../../api/src';
import { MIGRATION_FOLDERS } from '../migration-folders';

/**
 * `npm run ranking -- reproduce <id> [--json]`: a published ranking computed again from the log and
 * compared (apps/api/src/rankings/ranking.command.ts). Logs go to stderr, so `--json` stays parseable:
 * with `--json` a refusal is JSON too, the problem body the HTTP route answers.
 */
async function main(argv: string[]): Promise<number> {
  const { id, json } = commandLineOrExit(argv, RANKING_USAGE, readArguments);
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
  // The route's rule (400 there): a mistake in the command line, said before any database is opened.
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
