/**
 * Each server's article count on PostgreSQL (migration 4): filled in from the rows already stored
 * when an older schema is upgraded, then kept in step with adds, duplicates and removals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/clock.ts';
import { PG_MIGRATIONS } from '../../../src/store/postgres/migrations/index.ts';
import { openPostgresBackend } from '../../../src/store/postgres/pg-backend.ts';
import { PgDatabase } from '../../../src/store/postgres/pg-database.ts';
import { migratePg } from '../../../src/store/postgres/pg-migrate.ts';
import { createTestSchema, type PgTestSchema, skipPgTests } from '../../helpers/pg-schema.ts';
import { preparedArticle } from '../prepared-article.ts';
import { insertTestArticles } from './pg-test-database.ts';

const skip = await skipPgTests();

describe.skipIf(skip)('article counts on PostgreSQL', () => {
  let schema: PgTestSchema;
  beforeAll(async () => {
    schema = await createTestSchema('pg_article_counts');
  });
  afterAll(async () => {
    await schema?.drop();
  });

  it('are filled in on upgrade, then follow adds, duplicates and removals per server', async () => {
    // A schema as the release before kept it: three steps, articles stored, no counts.
    const old = PgDatabase.open({ url: schema.url, schema: schema.schema });
    try {
      await migratePg(old, PG_MIGRATIONS.slice(0, 3));
      await old.query('tenant rows', `INSERT INTO search_tenants (tenant) VALUES ('guild-a'), ('guild-b')`);
      await insertTestArticles(old, 'guild-a', 5);
      await insertTestArticles(old, 'guild-b', 2);
    } finally {
      await old.close();
    }
    const backend = await openPostgresBackend({
      url: schema.url,
      schema: schema.schema,
      clock: new FakeClock(new Date('2026-03-01')),
    });
    try {
      const { store } = backend;
      expect([await store.countArticles('guild-a'), await store.countArticles('guild-b')]).toEqual([5, 2]);
      expect(await store.countArticles('guild-c')).toBe(0);
      const article = () =>
        preparedArticle('Gas deal', ['Ministers met in Minsk on Monday. They agreed on the gas price.']);
      const added = await store.addArticle('guild-a', article());
      if (added.status !== 'added') throw new Error(`not added: ${added.status}`);
      expect((await store.addArticle('guild-a', article())).status).toBe('duplicate');
      expect(await store.countArticles('guild-a')).toBe(6);
      await store.removeArticle('guild-a', added.article.id);
      expect(await store.countArticles('guild-a')).toBe(5);
      expect(await store.countArticles('guild-b')).toBe(2);
    } finally {
      await backend.close();
    }
  });
});
