/**
 * Search when every word of a question is common in the server (held by more sentences than the
 * exact ranking reads): the sentence holding two of them together is found however old it is,
 * where the newest sentences holding any one of them would bury it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';
import { preparedArticle } from './prepared-article.ts';

const T = 'guild-common';

describe('SQLite search over common words', () => {
  let store: SqliteArticleStore;
  beforeEach(() => {
    store = SqliteArticleStore.open({
      path: ':memory:',
      clock: new FakeClock(new Date('2026-05-01T00:00:00Z')),
    });
  });
  afterEach(() => store.close());

  /** Articles of 20 sentences each holding one of the words, numbered so no two are the same. */
  const filler = async (word: string, articles: number, from: number) => {
    const batch = Array.from({ length: articles }, (_, a) =>
      preparedArticle(
        `${word} report ${from + a}`,
        Array.from({ length: 20 }, (_, i) => `Item ${from + a}-${i} mentions the ${word} once again.`),
      ),
    );
    await store.addArticles(T, batch);
  };

  it('finds the old sentence holding two common words, past the newest of either', async () => {
    await store.addArticles(T, [
      preparedArticle('Harbour news', ['The harbour tariff was doubled by the port board last winter.']),
    ]);
    // 800 newer sentences with "harbour", 800 with "tariff": both words are common now.
    await filler('harbour', 40, 0);
    await filler('tariff', 40, 100);
    const hits = await store.searchPassages(T, { terms: ['harbour', 'tariff'], limit: 10 });
    expect(hits[0]?.text).toBe('The harbour tariff was doubled by the port board last winter.');
  });

  it('still answers from the newest sentences when no two words meet', async () => {
    await filler('harbour', 40, 0);
    await filler('tariff', 40, 100);
    const hits = await store.searchPassages(T, { terms: ['harbour', 'tariff'], limit: 5 });
    expect(hits).toHaveLength(5);
    expect(hits.every((h) => /harbour|tariff/.test(h.text))).toBe(true);
  });

  it('never pairs two words held by more sentences than a pair may read', async () => {
    await store.addArticles(T, [
      preparedArticle('Harbour news', ['The harbour tariff was doubled by the port board last winter.']),
    ]);
    // 2,000 newer sentences each: past the pairs' budget, so an AND of them could read any number
    // of postings; the search falls back to the newest sentences and the old one is not among them.
    await filler('harbour', 100, 0);
    await filler('tariff', 100, 200);
    const hits = await store.searchPassages(T, { terms: ['harbour', 'tariff'], limit: 10 });
    expect(hits).toHaveLength(10);
    expect(hits.map((h) => h.text)).not.toContain(
      'The harbour tariff was doubled by the port board last winter.',
    );
    expect(hits.every((h) => /Item 2\d\d-/.test(h.text))).toBe(true);
  });
});
