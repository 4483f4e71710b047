import { join } from 'node:path';
import type { Clock } from '../core/clock.ts';
import type { Backend } from './backend.ts';
import { SqliteArticleStore } from './sqlite/sqlite-article-store.ts';

export interface BackendOptions {
  /** postgres://… selects PostgreSQL (DATABASE_URL); without it, SQLite in the data dir. */
  databaseUrl?: string | undefined;
  /** PostgreSQL schema (BRIEFING_DATABASE_SCHEMA); default public. */
  databaseSchema?: string | undefined;
  dataDir: string;
  clock: Clock;
}

/** The SQLite file of a data dir: the embedded default. */
export function openSqliteBackend(dataDir: string, clock: Clock): Backend {
  return SqliteArticleStore.open({ path: join(dataDir, 'briefing.db'), clock }).backend();
}

/**
 * Picks the engine once for every store port: PostgreSQL when a database URL is given (migrated to
 * the latest schema under an advisory lock before anything else runs), else the data dir's SQLite
 * file. The PostgreSQL driver is loaded only when used, so the terminal does not pay for it.
 */
export async function openBackend(options: BackendOptions): Promise<Backend> {
  if (!options.databaseUrl) return openSqliteBackend(options.dataDir, options.clock);
  const { openPostgresBackend } = await import('./postgres/pg-backend.ts');
  return openPostgresBackend({
    url: options.databaseUrl,
    schema: options.databaseSchema,
    clock: options.clock,
  });
}
