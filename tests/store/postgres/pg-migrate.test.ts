import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/core/errors.ts';
import { PgDatabase } from '../../../src/store/postgres/pg-database.ts';
import { migratePg, type PgMigration } from '../../../src/store/postgres/pg-migrate.ts';
import { createTestSchema, type PgTestSchema, skipPgTests } from '../../helpers/pg-schema.ts';

const skip = await skipPgTests();

const steps: PgMigration[] = [
  { version: 1, name: 'one', sql: 'CREATE TABLE one (id integer PRIMARY KEY)' },
  { version: 2, name: 'two', sql: 'ALTER TABLE one ADD COLUMN label text' },
];

describe.skipIf(skip)('PostgreSQL migrations', () => {
  let schema: PgTestSchema;
  const opened: PgDatabase[] = [];
  const open = () => {
    const db = PgDatabase.open({ url: schema.url, schema: schema.schema });
    opened.push(db);
    return db;
  };
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.close();
    await schema?.drop();
  });

  it('applies missing steps once, even with several processes starting at once', async () => {
    schema = await createTestSchema('migrate');
    const results = await Promise.all([
      migratePg(open(), steps),
      migratePg(open(), steps),
      migratePg(open(), steps),
    ]);
    expect(results.map((r) => r.applied).sort()).toEqual([[], [], [1, 2]]);
    expect((await migratePg(open(), steps)).applied).toEqual([]);
    const db = open();
    await db.query('insert', "INSERT INTO one (id, label) VALUES (1, 'x')");
    expect((await db.query('read', 'SELECT version FROM schema_migrations ORDER BY version')).rows).toEqual([
      { version: 1 },
      { version: 2 },
    ]);
  });

  it('refuses a schema from a newer build, and rolls a failing step back whole', async () => {
    schema = await createTestSchema('migrate_newer');
    await migratePg(open(), steps);
    await expect(migratePg(open(), steps.slice(0, 1))).rejects.toThrow(/newer than this build/);
    const broken = [...steps, { version: 3, name: 'bad', sql: 'CREATE TABLE three (id int); SELECT nope' }];
    await expect(migratePg(open(), broken)).rejects.toBeInstanceOf(StoreError);
    const tables = await open().query<{ n: number }>(
      'tables',
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'three'",
      [schema.schema],
    );
    expect(tables.rows[0]?.n).toBe(0);
  });

  it('says the server cannot be reached instead of hanging', async () => {
    schema = await createTestSchema('migrate_down');
    const db = PgDatabase.open({ url: 'postgres://postgres@127.0.0.1:1/none', connectTimeoutMs: 500 });
    opened.push(db);
    const error = await migratePg(db, steps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).kind).toBe('unreachable');
  });
});
