import type { Clock } from '../../core/clock.ts';
import type { Backend } from '../backend.ts';
import { PG_MIGRATIONS } from './migrations/index.ts';
import { PgArticleStore } from './pg-article-store.ts';
import { PgDatabase, type PgDatabaseOptions } from './pg-database.ts';
import { migratePg } from './pg-migrate.ts';

export interface PostgresBackendOptions {
  /** postgres://… (DATABASE_URL). */
  url: string;
  /** Schema holding every table (BRIEFING_DATABASE_SCHEMA); default public. */
  schema?: string | undefined;
  clock: Clock;
  /** Pool size and timeouts; defaults as in PgDatabase. */
  pool?: Omit<PgDatabaseOptions, 'url' | 'schema'> | undefined;
}

/** The PostgreSQL ports built so far on one pool, and the pool itself for the ports built beside them. */
export type PostgresBackend = Pick<Backend, 'kind' | 'store' | 'close'> & {
  kind: 'postgres';
  db: PgDatabase;
};

/**
 * Opens the pool and brings the schema to the latest version (under the migration advisory lock,
 * so processes starting together migrate once) before any port is used. A server that cannot be
 * reached fails here with StoreError kind 'unreachable', and the pool is closed again.
 */
export async function openPostgresBackend(options: PostgresBackendOptions): Promise<PostgresBackend> {
  const db = PgDatabase.open({ ...options.pool, url: options.url, schema: options.schema });
  try {
    await migratePg(db, PG_MIGRATIONS);
  } catch (error) {
    await db.close();
    throw error;
  }
  const store = new PgArticleStore(db, options.clock);
  return {
    kind: 'postgres',
    db,
    store,
    close: async () => {
      await store.close();
      await db.close();
    },
  };
}
