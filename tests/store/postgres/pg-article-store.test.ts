import { afterAll, beforeAll } from 'vitest';
import { openPostgresBackend } from '../../../src/store/postgres/pg-backend.ts';
import { createTestSchema, type PgTestSchema, skipPgTests } from '../../helpers/pg-schema.ts';
import { describeArticleStoreContract } from '../article-store.contract.ts';

const skip = await skipPgTests();

// One schema for the file, migrated once; each test starts from empty tables.
let schema: PgTestSchema | undefined;
beforeAll(async () => {
  if (!skip) schema = await createTestSchema('pg_article_store');
});
afterAll(async () => {
  await schema?.drop();
});

if (!skip) {
  describeArticleStoreContract('PgArticleStore (PostgreSQL)', async ({ clock }) => {
    const open = () => openPostgresBackend({ url: schema!.url, schema: schema!.schema, clock });
    const first = await open();
    await first.db.query(
      'reset',
      `TRUNCATE articles, passages, search_tenants, search_terms, article_actors, registry_actors,
         registry_keys, registry_aliases, conversations RESTART IDENTITY CASCADE`,
    );
    const opened = [first];
    return {
      store: first.store,
      reopen: async () => {
        const again = await open();
        opened.push(again);
        return again.store;
      },
      cleanup: async () => {
        for (const backend of opened) await backend.close();
      },
    };
  });
}
