import { StoreError } from '../../core/errors.ts';
import type { PgClient, PgDatabase } from './pg-database.ts';

/** One versioned schema step; applied once, in order, inside a transaction. */
export interface PgMigration {
  version: number;
  name: string;
  sql: string;
  /** A data step after the SQL, on the same transaction (tokens only this build can make). */
  apply?: (client: PgClient) => Promise<void>;
}

export interface MigrateResult {
  applied: number[];
  version: number;
}

/**
 * Brings the schema up to the latest version. Every process runs this at start-up: a transaction
 * holding an advisory lock (per schema) makes the others wait, then they find nothing left to do.
 * Refuses a schema written by a newer build rather than guessing at it.
 */
export async function migratePg(db: PgDatabase, migrations: readonly PgMigration[]): Promise<MigrateResult> {
  checkOrder(migrations);
  await db.ensureSchema();
  return db.transaction('migrate', async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`briefing-bot.migrate.${db.schema}`]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const done = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const have = new Set(done.rows.map((r) => r.version));
    const latest = migrations.at(-1)?.version ?? 0;
    const newest = Math.max(0, ...have);
    if (newest > latest) {
      throw new StoreError(
        `database schema version ${newest} is newer than this build supports (${latest}); upgrade briefing-bot or use another database`,
      );
    }
    const applied: number[] = [];
    for (const step of migrations) {
      if (have.has(step.version)) continue;
      await client.query(step.sql);
      await step.apply?.(client);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        step.version,
        step.name,
      ]);
      applied.push(step.version);
    }
    return { applied, version: latest };
  });
}

function checkOrder(migrations: readonly PgMigration[]): void {
  migrations.forEach((step, i) => {
    if (step.version !== i + 1)
      throw new StoreError(`PostgreSQL migration ${i + 1} is numbered ${step.version}`);
  });
}
