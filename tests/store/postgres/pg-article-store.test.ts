import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/clock.ts';
import { openPostgresBackend } from '../../../src/store/postgres/pg-backend.ts';
import { createTestSchema, type PgTestSchema, skipPgTests } from '../../helpers/pg-schema.ts';
import { describeArticleStoreContract } from '../article-store.contract.ts';
import { actor, emptyAnalysis, preparedArticle } from '../prepared-article.ts';

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

describe.skipIf(skip)('PgArticleStore input PostgreSQL cannot store as is', () => {
  it('stores an article with NUL characters (text, sentences, actor names) with U+FFFD in their place', async () => {
    const backend = await openPostgresBackend({
      url: schema!.url,
      schema: schema!.schema,
      clock: new FakeClock(),
    });
    try {
      const article = preparedArticle('Nul\u0000title', ['A sentence with a nul\u0000inside about kayaks.'], {
        analysis: { ...emptyAnalysis(), actors: [actor('Ada\u0000Okafor')] },
      });
      const added = await backend.store.addArticle('guild-nul', article);
      expect(added.status).toBe('added');
      const stored = await backend.store.getArticle('guild-nul', added.article.id);
      expect(stored?.title).toBe('Nul\uFFFDtitle');
      expect(stored?.text).not.toContain('\u0000');
      expect(await backend.store.searchPassages('guild-nul', { terms: ['kayaks'], limit: 5 })).toHaveLength(
        1,
      );
      expect((await backend.store.listArticleActors('guild-nul'))[0]?.name).toBe('Ada\uFFFDOkafor');
      expect((await backend.store.addArticle('guild-nul', article)).status).toBe('duplicate');
    } finally {
      await backend.close();
    }
  });
});
