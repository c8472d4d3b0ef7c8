import type { AppConfig, OpenDatabase } from '@app/platform';

/**
 * Stops the database a script opened, also when a signal came while it was opening: an embedded
 * server still starting is waited for and stopped (it runs detached: left alone, it would outlive
 * the script). With DATABASE_URL nothing of ours runs there (stop() does nothing), and a server that
 * does not answer is not waited for.
 */
export async function stopDatabase(opening: Promise<OpenDatabase>, config: AppConfig): Promise<void> {
  if (config.databaseUrl) return;
  await (await opening.catch(() => undefined))?.stop();
}
