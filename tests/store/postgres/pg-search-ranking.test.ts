import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/clock.ts';
import type { ArticleStore } from '../../../src/store/article-store.ts';
import { openPostgresBackend, type PostgresBackend } from '../../../src/store/postgres/pg-backend.ts';
import { SqliteArticleStore } from '../../../src/store/sqlite/sqlite-article-store.ts';
import { createTestSchema, type PgTestSchema, skipPgTests } from '../../helpers/pg-schema.ts';
import { preparedArticle } from '../prepared-article.ts';

const skip = await skipPgTests();

/** Distinct filler sentences mentioning a word, so the word becomes common in a tenant. */
function mentions(tenant: string, word: string, n: number) {
  return Array.from({ length: n }, (_, i) =>
    preparedArticle(`${tenant} ${word} ${i}`, [
      `Report ${i} from ${tenant}: ${word} visited district ${i} today.`,
    ]),
  );
}

describe.skipIf(skip)('PostgreSQL passage ranking (BM25 per tenant)', () => {
  let schema: PgTestSchema;
  let backend: PostgresBackend;
  let store: ArticleStore;

  beforeAll(async () => {
    schema = await createTestSchema('pg_search_ranking');
    backend = await openPostgresBackend({ url: schema.url, schema: schema.schema, clock: new FakeClock() });
    store = backend.store;
  });
  afterAll(async () => {
    await backend?.close();
    await schema?.drop();
  });
  beforeEach(async () => {
    await backend.db.query(
      'reset',
      'TRUNCATE articles, passages, search_tenants, search_terms, article_actors, registry_actors CASCADE',
    );
  });

  it('ranks a sentence with the rare name asked about above one repeating a common name', async () => {
    const t = 'guild-rare';
    await store.addArticles(t, mentions(t, 'Smith', 30));
    await store.addArticle(t, preparedArticle('Echo', ['Smith, Smith and Smith met Smith again.']));
    await store.addArticle(t, preparedArticle('Rare', ['Okonkwo arrived by train in the evening.']));

    const hits = await store.searchPassages(t, { terms: ['Smith', 'Okonkwo'], limit: 3 });
    expect(hits[0]?.text).toBe('Okonkwo arrived by train in the evening.');
    expect(hits[0]!.score).toBeGreaterThan(10 * hits[1]!.score);

    // The test means something: PostgreSQL's own ts_rank_cd (no IDF) orders these two the other way.
    const cd = await backend.db.query<{ text: string }>(
      'ts_rank_cd',
      `SELECT text FROM passages WHERE tenant = $1 AND text IN ($2, $3)
       ORDER BY ts_rank_cd(to_tsvector('simple', text), to_tsquery('simple', 'smith | okonkwo')) DESC`,
      [t, 'Smith, Smith and Smith met Smith again.', 'Okonkwo arrived by train in the evening.'],
    );
    expect(cd.rows[0]?.text).toBe('Smith, Smith and Smith met Smith again.');
  });

  it('keeps each tenant’s ranking to its own articles', async () => {
    const a = 'guild-a';
    const b = 'guild-b';
    // In A the ferry is rarer than the harbour, so the ferry sentence leads although it is longer.
    const ferry = 'The ferry left the old port at noon with nearly every seat taken.';
    await store.addArticle(a, preparedArticle('Ferry', [ferry]));
    await store.addArticle(a, preparedArticle('Harbour', ['The harbour was quiet at noon.']));
    await store.addArticles(a, mentions(a, 'harbour', 5));
    const query = { terms: ['ferry', 'harbour'], limit: 2 };
    const before = await store.searchPassages(a, query);
    expect(before[0]?.text).toBe(ferry);

    // B talks of ferries all the time: with statistics shared across tenants the ferry would become
    // the common word in A too, and the harbour sentence would lead.
    await store.addArticles(b, mentions(b, 'ferry', 60));
    const harbour = 'The harbour was quiet at noon and the gulls circled over the empty quay all afternoon.';
    await store.addArticle(b, preparedArticle('Harbour', [harbour]));
    expect(await store.searchPassages(a, query)).toEqual(before);
    const inB = await store.searchPassages(b, query);
    expect(inB[0]?.text).toBe(harbour);

    // And removing B's articles leaves A alone as well.
    for (const article of await store.listArticles(b)) await store.removeArticle(b, article.id);
    expect(await store.searchPassages(a, query)).toEqual(before);
    expect(await store.searchPassages(b, query)).toEqual([]);
  });

  it('keeps the statistics equal to a recount after adds and removals', async () => {
    const t = 'guild-stats';
    await store.addArticles(t, mentions(t, 'ferry', 4));
    const [first] = await store.listArticles(t, { limit: 1 });
    await store.removeArticle(t, first!.id);
    const kept = await backend.db.query<{ passages: string; tokens: string }>(
      'kept',
      'SELECT passages, tokens FROM search_tenants WHERE tenant = $1',
      [t],
    );
    const recount = await backend.db.query<{ passages: string; tokens: string }>(
      'recount',
      'SELECT count(*) AS passages, sum(length) AS tokens FROM passages WHERE tenant = $1',
      [t],
    );
    expect(kept.rows[0]).toEqual(recount.rows[0]);
    const drift = await backend.db.query<{ n: number }>(
      'drift',
      `SELECT count(*)::int AS n FROM search_terms AS s
       FULL JOIN (SELECT u.lexeme AS term, count(*)::int AS passages
                  FROM passages AS p CROSS JOIN LATERAL unnest(p.terms) AS u GROUP BY u.lexeme) AS r
         ON r.term = s.term
       WHERE s.passages IS DISTINCT FROM r.passages`,
    );
    expect(drift.rows[0]?.n).toBe(0);
  });

  it('scores the same sentences as the SQLite store does, for one tenant', async () => {
    const t = 'guild-alike';
    const sqlite = SqliteArticleStore.open({ path: ':memory:', clock: new FakeClock() });
    const articles = [
      preparedArticle('Port', [
        'The ferry left the old port at noon.',
        'Ministers said the ferry would run again.',
      ]),
      preparedArticle('Farm', [
        'Farmers protested about tractor prices in the capital.',
        'The capital was quiet.',
      ]),
      preparedArticle('Café', ['Café owners in Łódź reopened after the protests ended.']),
    ];
    try {
      for (const article of articles) {
        await store.addArticle(t, article);
        await sqlite.addArticle(t, article);
      }
      for (const terms of [
        ['ferry'],
        ['protest', 'capital'],
        ['the', 'ferry'],
        ['cafe', 'lodz', 'protests'],
      ]) {
        const scores = async (s: ArticleStore) =>
          (await s.searchPassages(t, { terms, limit: 10 })).map((h) => [h.text, Number(h.score.toFixed(6))]);
        expect(await scores(store), terms.join(' ')).toEqual(await scores(sqlite));
      }
    } finally {
      await sqlite.close();
    }
  });

  it('ranks the newest sentences for a question of only common words, and the rare word when there is one', async () => {
    const t = 'guild-common';
    // 450 sentences holding "harbour": common in this tenant (the cut-off is 400).
    const lines = Array.from({ length: 450 }, (_, i) => `Boat ${i} entered the harbour on day ${i}.`);
    await store.addArticle(t, preparedArticle('Log', [lines.join(' ')]));
    await store.addArticle(t, preparedArticle('Visit', ['Okonkwo toured the harbour at dawn.']));
    const common = await store.searchPassages(t, { terms: ['harbour'], limit: 5 });
    expect(common).toHaveLength(5);
    for (const hit of common) expect(hit.text).toMatch(/harbour/);
    const rare = await store.searchPassages(t, { terms: ['harbour', 'Okonkwo'], limit: 5 });
    expect(rare.map((h) => h.text)).toEqual(['Okonkwo toured the harbour at dawn.']);
  });
});
