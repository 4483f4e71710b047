import { afterAll, describe } from 'vitest';
import { PgFeedStore } from '../../../src/store/postgres/pg-feed-store.ts';
import { skipPgTests } from '../../helpers/pg-schema.ts';
import { describeFeedStoreContract } from '../feed-store.contract.ts';
import { insertTestArticle, PgTestDatabase } from './pg-test-database.ts';

const skip = await skipPgTests();
const pg = skip ? undefined : await PgTestDatabase.create('pg_feed_store');
afterAll(async () => {
  await pg?.drop();
});

describe.skipIf(skip)('PostgreSQL feed store', () => {
  // Leases on the test's clock here, so the contract can move time; pg-feed-claims.test.ts holds
  // the database clock that production uses.
  describeFeedStoreContract('PgFeedStore (pools on one schema, leases on the test clock)', async (clock) => {
    await pg!.reset();
    const articles = pg!.open();
    return {
      open: () => new PgFeedStore(pg!.open(), clock),
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
            await articles.query('article exists', 'SELECT 1 FROM articles WHERE tenant = $1 AND id = $2', [
              tenant,
              id,
            ])
          ).rowCount === 1,
      },
      cleanup: () => pg!.closeAll(),
    };
  });
});
