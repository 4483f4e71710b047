import { afterAll, describe, expect, it } from 'vitest';
import { minhashSignature } from '../../../src/dedup/minhash.ts';
import {
  PG_CANDIDATES_SQL,
  PgNearDuplicateStore,
} from '../../../src/store/postgres/pg-near-duplicate-store.ts';
import { skipPgTests } from '../../helpers/pg-schema.ts';
import { describeNearDuplicateStoreContract } from '../near-duplicate-store.contract.ts';
import { insertTestArticle, insertTestArticles, PgTestDatabase } from './pg-test-database.ts';

const skip = await skipPgTests();
const pg = skip ? undefined : await PgTestDatabase.create('pg_near_duplicates');
afterAll(async () => {
  await pg?.drop();
});

describe.skipIf(skip)('PostgreSQL near-duplicate store', () => {
  describeNearDuplicateStoreContract('PgNearDuplicateStore (pools on one schema)', async () => {
    await pg!.reset();
    const articles = pg!.open();
    return {
      open: () => new PgNearDuplicateStore(pg!.open()),
      articles: {
        add: (tenant, title) => insertTestArticle(articles, tenant, title),
        remove: async (tenant, id) => {
          await articles.query('remove article', 'DELETE FROM articles WHERE tenant = $1 AND id = $2', [
            tenant,
            id,
          ]);
        },
        exists: async (tenant, id) =>
          (
            await articles.query('exists', 'SELECT 1 FROM articles WHERE tenant = $1 AND id = $2', [
              tenant,
              id,
            ])
          ).rowCount === 1,
      },
      cleanup: () => pg!.closeAll(),
    };
  });

  it('looks candidates up by index probes, never by scanning the band table', async () => {
    await pg!.closeAll();
    await pg!.reset();
    const db = pg!.open();
    // 1,500 articles of three tenants, 32 random band keys each: a hash join would read them all.
    for (const tenant of ['guild-0', 'guild-1', 'guild-2']) {
      const ids = await insertTestArticles(db, tenant, 500);
      await db.query(
        'bands',
        `INSERT INTO article_bands (tenant, band, bucket, article_id)
         SELECT $1, band, floor(random() * 4294967296)::bigint, id
         FROM unnest($2::bigint[]) AS id CROSS JOIN generate_series(0, 31) AS band ON CONFLICT DO NOTHING`,
        [tenant, ids],
      );
      await db.query(
        'signatures',
        `INSERT INTO article_signatures (article_id, tenant, signature)
         SELECT id, $1, '\\x00'::bytea FROM unnest($2::bigint[]) AS id`,
        [tenant, ids],
      );
    }
    await db.query('analyze', 'ANALYZE article_bands; ANALYZE article_signatures');
    const { rows } = await db.query<{ 'QUERY PLAN': string }>('explain', `EXPLAIN ${PG_CANDIDATES_SQL}`, [
      'guild-1',
      [...minhashSignature('a text to look up among the stored ones').slice(0, 32)],
    ]);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/Index (Only )?Scan using article_bands_pkey on article_bands/);
    expect(plan).not.toMatch(/Seq Scan on article_(bands|signatures)/);
    await pg!.closeAll();
  }, 60_000);
});
