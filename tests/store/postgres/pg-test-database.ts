import { PG_MIGRATIONS } from '../../../src/store/postgres/migrations/index.ts';
import { PgDatabase } from '../../../src/store/postgres/pg-database.ts';
import { migratePg } from '../../../src/store/postgres/pg-migrate.ts';
import { createTestSchema, type PgTestSchema } from '../../helpers/pg-schema.ts';

/**
 * One migrated schema for a test file: `open` gives independent pools on it (one per simulated
 * process), `reset` empties every table between tests, `drop` closes the pools and drops the schema.
 */
export class PgTestDatabase {
  private readonly pools: PgDatabase[] = [];

  private constructor(readonly schema: PgTestSchema) {}

  static async create(label: string): Promise<PgTestDatabase> {
    const schema = await createTestSchema(label);
    const test = new PgTestDatabase(schema);
    await migratePg(test.open(), PG_MIGRATIONS);
    return test;
  }

  /** A new pool on the schema, closed by `drop` (or by `closeAll` between tests). */
  open(maxConnections = 4): PgDatabase {
    const db = PgDatabase.open({ url: this.schema.url, schema: this.schema.schema, maxConnections });
    this.pools.push(db);
    return db;
  }

  /** Closes the pools opened so far. */
  async closeAll(): Promise<void> {
    for (const db of this.pools.splice(0)) await db.close();
  }

  /** Empties every table but the migration record, restarting ids. */
  async reset(): Promise<void> {
    const db = PgDatabase.open({ url: this.schema.url, schema: this.schema.schema, maxConnections: 1 });
    try {
      const tables = await db.query<{ name: string }>(
        'list tables',
        `SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 AND tablename <> 'schema_migrations'`,
        [this.schema.schema],
      );
      if (tables.rows.length > 0)
        await db.query(
          'reset tables',
          `TRUNCATE ${tables.rows.map((t) => `"${t.name}"`).join(', ')} RESTART IDENTITY CASCADE`,
        );
    } finally {
      await db.close();
    }
  }

  async drop(): Promise<void> {
    await this.closeAll();
    await this.schema.drop();
  }
}

/** Inserts a minimal article row (the columns of migration 1) and returns its id: for stores that reference articles. */
export async function insertTestArticle(db: PgDatabase, tenant: string, title: string): Promise<number> {
  const now = '2026-03-01T08:00:00.000Z';
  const result = await db.query<{ id: string }>(
    'insert test article',
    `INSERT INTO articles (tenant, title, ingested_at, dated_at, text, content_hash, word_count, analysis_json)
     VALUES ($1, $2, $3, $3, $2, md5($1 || $2 || random()::text), 1, '{}'::jsonb) RETURNING id`,
    [tenant, title, now],
  );
  return Number(result.rows[0]!.id);
}

/** Inserts `count` minimal article rows at once and returns their ids (for tests that need volume). */
export async function insertTestArticles(db: PgDatabase, tenant: string, count: number): Promise<number[]> {
  const result = await db.query<{ id: string }>(
    'insert test articles',
    `INSERT INTO articles (tenant, title, ingested_at, dated_at, text, content_hash, word_count, analysis_json)
     SELECT $1, 'story ' || n, '2026-03-01', '2026-03-01', 'story ' || n, md5($1 || n), 2, '{}'::jsonb
     FROM generate_series(1, $2::int) AS n RETURNING id`,
    [tenant, count],
  );
  return result.rows.map((r) => Number(r.id));
}

/** Waits (bounded) until the database's clock has passed `instant`. */
export async function untilDatabasePasses(db: PgDatabase, instant: Date): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { rows } = await db.query<{ past: boolean }>('clock', 'SELECT now() > $1::timestamptz AS past', [
      instant,
    ]);
    if (rows[0]?.past) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the database clock did not pass ${instant.toISOString()} within 5 s`);
}
