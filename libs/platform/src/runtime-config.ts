import type { AppConfig } from './config';

/** The configuration once the database is known (embedded or DATABASE_URL). */
export type RuntimeConfig = AppConfig & { databaseUrl: string };

/** Nest injection token for the RuntimeConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
