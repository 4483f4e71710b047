import type { Clock } from '../../core/clock.ts';
import type { Backend } from '../backend.ts';
import { PG_MIGRATIONS } from './migrations/index.ts';
import { PgArticleStore } from './pg-article-store.ts';
import { PgDatabase, type PgDatabaseOptions } from './pg-database.ts';
import { migratePg } from './pg-migrate.ts';
import { openPgOperations, type PgOperationsOptions } from './pg-operations.ts';

export interface PostgresBackendOptions {
  /** postgres://… (DATABASE_URL). */
  url: string;
  /** Schema holding every table (BRIEFING_DATABASE_SCHEMA); default public. */
  schema?: string | undefined;
  clock: Clock;
  /** Whose clock leases run on; default the database's, so every process agrees. */
  leaseClock?: PgOperationsOptions['leaseClock'];
  /** Told when a usage write fails (recording never fails a command). */
  onUsageError?: PgOperationsOptions['onUsageError'];
  /** Pool size and timeouts; defaults as in PgDatabase. */
  pool?: Omit<PgDatabaseOptions, 'url' | 'schema'> | undefined;
}

/** Every port on one PostgreSQL pool, and the pool itself (tests and benches inspect it). */
export type PostgresBackend = Backend & {
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
  const operations = openPgOperations(db, options.clock, {
    leaseClock: options.leaseClock,
    onUsageError: options.onUsageError,
  });
  return {
    kind: 'postgres',
    db,
    store,
    usage: operations.usage,
    digests: operations.digests,
    feeds: operations.feeds,
    nearDuplicates: operations.nearDuplicates,
    pendingReplies: operations.pendingReplies,
    close: async () => {
      // The usage held in memory is written while the pool is still open.
      await operations.close();
      await store.close();
      await db.close();
    },
  };
}
