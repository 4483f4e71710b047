import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import { StoreError } from '../../src/core/errors.ts';
import type { Conversation, ExtractedActor, PreparedArticle } from '../../src/core/types.ts';
import type { ArticleStore } from '../../src/store/article-store.ts';
import { actor, emptyAnalysis, preparedArticle } from './prepared-article.ts';

/** What the contract hands an implementation's factory: build the store with these. */
export interface StoreTestContext {
  clock: FakeClock;
}

/** A store under test, how to reopen it on the same data (when it persists), and how to clean up. */
export interface StoreFixture {
  store: ArticleStore;
  reopen?: () => Promise<ArticleStore>;
  cleanup: () => Promise<void>;
}

/** An actor of a type no schema knows: the store refuses it after writing the sentences, so the article must roll back. */
function explodingActor(): ExtractedActor {
  return actor('Exploding Actor', { type: 'not-a-type' as ExtractedActor['type'] });
}

const A = 'guild-a';
const B = 'guild-b';

const belarus = preparedArticle(
  'Opposition leader speaks in Vilnius',
  [
    'Sviatlana Tsikhanouskaya addressed supporters in Vilnius on Monday. She called for new elections.',
    'Alexander Lukashenko dismissed the protests. "We will not give in," Lukashenko said.',
  ],
  {
    publishedAt: '2026-01-05T09:00:00Z',
    source: 'Example News',
    url: 'https://example.com/belarus',
    analysis: {
      ...emptyAnalysis(),
      summary: 'Tsikhanouskaya called for new elections.',
      summarySentences: [1],
      actors: [
        actor('Sviatlana Tsikhanouskaya', {
          aliases: ['Sviatlana Tsikhanouskaya', 'Tsikhanouskaya'],
          salience: 2,
        }),
        actor('Alexander Lukashenko', { aliases: ['Alexander Lukashenko', 'Lukashenko'], mentions: [2, 3] }),
        actor('Vilnius', { type: 'place', aliases: ['Vilnius'] }),
      ],
      quotes: [{ text: 'We will not give in,', speaker: 'Alexander Lukashenko', sentenceIndex: 3 }],
      relations: [
        {
          subject: 'Alexander Lukashenko',
          kind: 'opposes',
          object: 'Sviatlana Tsikhanouskaya',
          sentenceIndex: 2,
        },
      ],
    },
  },
);

const cafe = preparedArticle('Cafés reopen', ['The Café Central reopened after the protests ended.'], {
  publishedAt: '2026-01-03',
});

const market = preparedArticle('Markets calm', ['Shares rose slightly and bond yields fell.'], {
  publishedAt: '2026-01-04T12:00:00Z',
});

/** The ArticleStore contract: every implementation runs this suite against a real backend. */
export function describeArticleStoreContract(
  name: string,
  makeStore: (context: StoreTestContext) => Promise<StoreFixture>,
): void {
  describe(`ArticleStore contract: ${name}`, () => {
    let clock: FakeClock;
    let fixture: StoreFixture;
    let store: ArticleStore;

    beforeEach(async () => {
      clock = new FakeClock(new Date('2026-01-10T08:00:00Z'));
      fixture = await makeStore({ clock });
      store = fixture.store;
    });

    afterEach(async () => {
      await fixture.cleanup();
    });

    async function add(tenant: string, article: PreparedArticle): Promise<number> {
      const result = await store.addArticle(tenant, article);
      expect(result.status).toBe('added');
      return result.article.id;
    }

    describe('addArticle and getArticle', () => {
      it('stores an article and returns its summary', async () => {
        const result = await store.addArticle(A, belarus);
        expect(result.status).toBe('added');
        expect(result.article).toMatchObject({
          title: belarus.title,
          source: 'Example News',
          url: 'https://example.com/belarus',
          publishedAt: '2026-01-05T09:00:00Z',
        });
        expect(new Date(result.article.ingestedAt).getTime()).toBe(clock.now().getTime());
        expect(result.article.wordCount).toBeGreaterThan(20);

        const stored = await store.getArticle(A, result.article.id);
        expect(stored).toMatchObject({ ...result.article, tenant: A, text: belarus.text });
        expect(stored?.contentHash).toBe(belarus.contentHash);
      });

      it('leaves optional fields out when the article has none', async () => {
        const id = await add(A, preparedArticle('Bare', ['Nothing but text here.']));
        const stored = await store.getArticle(A, id);
        expect(stored?.source).toBeUndefined();
        expect(stored?.url).toBeUndefined();
        expect(stored?.publishedAt).toBeUndefined();
      });

      it('returns the existing article for the same content in the same tenant and writes nothing', async () => {
        const first = await store.addArticle(A, belarus);
        clock.advance(60_000);
        const again = await store.addArticle(A, { ...belarus, title: 'Another title' });
        expect(again).toEqual({ status: 'duplicate', article: first.article });
        expect(await store.countArticles(A)).toBe(1);
        expect(await store.listArticleActors(A)).toHaveLength(3);
        const hits = await store.searchPassages(A, { terms: ['Vilnius'], limit: 10 });
        expect(hits).toHaveLength(1);
      });

      it('ranks first the sentence where the words of a name with function words inside stand together', async () => {
        await store.addArticle(
          A,
          preparedArticle('Rates', [
            'The Bank of England raised its rate on Thursday.',
            'A bank in the north of the country reopened, and England won the match.',
          ]),
        );
        const hits = await store.searchPassages(A, { terms: ['Bank of England'], limit: 10 });
        // SQLite matches the name's words near each other only; PostgreSQL ranks its words as a bag.
        expect(hits[0]?.text).toBe('The Bank of England raised its rate on Thursday.');
      });

      it('treats the same URL in a tenant as a duplicate, even with other text, but not across tenants', async () => {
        const url = 'https://news.example/story';
        const first = await store.addArticle(
          A,
          preparedArticle('Story', ['The first version of the story.'], { url }),
        );
        const again = await store.addArticle(
          A,
          preparedArticle('Story', ['A lightly edited version.'], { url }),
        );
        expect(again).toEqual({ status: 'duplicate', article: first.article });
        const other = await store.addArticle(
          B,
          preparedArticle('Story', ['A lightly edited version.'], { url }),
        );
        expect(other.status).toBe('added');
        expect(await store.countArticles(A)).toBe(1);
        expect(await store.findArticleByUrl(A, url)).toEqual(first.article);
        expect(await store.findArticleByUrl(A, 'https://news.example/other')).toBeUndefined();
      });

      it('keeps the byline and language of an article', async () => {
        const id = await add(
          A,
          preparedArticle('Bylined', ['Text by a named author.'], { byline: 'Ann Lee', language: 'en' }),
        );
        expect(await store.getArticle(A, id)).toMatchObject({ byline: 'Ann Lee', language: 'en' });
      });

      it('finds an article by its content hash, in its own tenant only (the check before analysis)', async () => {
        const first = await store.addArticle(A, belarus);
        expect(await store.findArticleByContent(A, belarus.contentHash)).toEqual(first.article);
        expect(await store.findArticleByContent(B, belarus.contentHash)).toBeUndefined();
        expect(await store.findArticleByContent(A, 'no-such-hash')).toBeUndefined();
      });

      it('adds the same content to another tenant independently', async () => {
        const a = await store.addArticle(A, belarus);
        const b = await store.addArticle(B, belarus);
        expect(b.status).toBe('added');
        expect(b.article.id).not.toBe(a.article.id);
        expect(await store.countArticles(A)).toBe(1);
        expect(await store.countArticles(B)).toBe(1);
        await store.removeArticle(A, a.article.id);
        expect(await store.getArticle(B, b.article.id)).toBeDefined();
        expect(await store.searchPassages(B, { terms: ['Vilnius'], limit: 10 })).toHaveLength(1);
      });

      it('stores nothing when adding fails part-way', async () => {
        const broken = preparedArticle('Broken', ['A unique sentence about zeppelins.'], {
          analysis: { ...emptyAnalysis(), actors: [actor('Fine Person'), explodingActor()] },
        });
        await expect(store.addArticle(A, broken)).rejects.toThrow();
        expect(await store.countArticles(A)).toBe(0);
        expect(await store.listArticles(A)).toEqual([]);
        expect(await store.searchPassages(A, { terms: ['zeppelins'], limit: 5 })).toEqual([]);
        expect(await store.listArticleActors(A)).toEqual([]);
        expect(await store.findRegistryActors(A, ['fine person'])).toEqual([]);
        // And the content is not considered a duplicate afterwards.
        const fixed = { ...broken, analysis: emptyAnalysis() };
        expect((await store.addArticle(A, fixed)).status).toBe('added');
      });

      it('adds several articles at once, each on its own: a failing one stores nothing, the others are stored', async () => {
        const broken = preparedArticle('Broken', ['A unique sentence about dirigibles.'], {
          analysis: { ...emptyAnalysis(), actors: [actor('Fine Person'), explodingActor()] },
        });
        const results = await store.addArticles(A, [belarus, broken, cafe, belarus]);
        expect(results.map((r) => r.status)).toEqual(['added', 'failed', 'added', 'duplicate']);
        expect(await store.countArticles(A)).toBe(2);
        expect(await store.searchPassages(A, { terms: ['dirigibles'], limit: 5 })).toEqual([]);
        expect(await store.findRegistryActors(A, ['fine person'])).toEqual([]);
        expect((await store.listRegistryActors(A, 10)).map((a) => a.name)).not.toContain('Fine Person');
        expect(await store.searchPassages(A, { terms: ['Vilnius'], limit: 5 })).toHaveLength(1);
        // The article after the failed one is searchable too, by its own sentence.
        const reopened = await store.searchPassages(A, { terms: ['Central reopened'], limit: 5 });
        expect(reopened.map((h) => h.text)).toEqual(['The Café Central reopened after the protests ended.']);
        expect(await store.countArticles(B)).toBe(0);
        expect(await store.addArticles(A, [])).toEqual([]);
      });

      it('returns undefined for an unknown id and for another tenant’s article', async () => {
        const id = await add(A, belarus);
        expect(await store.getArticle(A, id + 1000)).toBeUndefined();
        expect(await store.getArticle(B, id)).toBeUndefined();
      });
    });

    describe('listArticles and countArticles', () => {
      it('lists newest first by published date, else ingestion, with since, ids and limit', async () => {
        const jan3 = await add(A, cafe); // 2026-01-03 (bare date: UTC midnight)
        const jan1Late = await add(
          A,
          preparedArticle('Late', ['Late text.'], { publishedAt: '2026-01-01T10:00:00Z' }),
        );
        // -02:00 makes this 01:30Z on Jan 1: earlier than jan1Late although its text sorts later.
        const jan1Early = await add(
          A,
          preparedArticle('Early', ['Early text.'], { publishedAt: '2025-12-31T23:30:00-02:00' }),
        );
        clock.advance(-8 * 24 * 3600_000); // ingested 2026-01-02T08:00Z, no published date
        const undated = await add(A, preparedArticle('Undated', ['Undated text.']));

        const ids = async (options?: Parameters<ArticleStore['listArticles']>[1]) =>
          (await store.listArticles(A, options)).map((a) => a.id);
        expect(await ids()).toEqual([jan3, undated, jan1Late, jan1Early]);
        expect(await ids({ since: '2026-01-01T05:00:00Z' })).toEqual([jan3, undated, jan1Late]);
        expect(await ids({ since: '2026-01-02' })).toEqual([jan3, undated]);
        expect(await ids({ limit: 2 })).toEqual([jan3, undated]);
        expect(await ids({ ids: [jan1Early, jan3, 999_999] })).toEqual([jan3, jan1Early]);
        expect(await ids({ ids: [] })).toEqual([]);
        expect(await ids({ since: '2026-01-01T05:00:00Z', limit: 1, ids: [jan1Late, undated] })).toEqual([
          undated,
        ]);
      });

      it('lists what was stored in a window, by ingestion time, per tenant', async () => {
        const start = clock.now();
        const first = await add(A, cafe);
        clock.advance(3_600_000);
        const second = await add(A, belarus);
        await add(B, market);
        clock.advance(3_600_000);
        const third = await add(A, preparedArticle('Later', ['Later text.']));
        const window = (from: Date, hours: number, limit = 10) => ({
          from,
          to: new Date(from.getTime() + hours * 3_600_000),
          limit,
        });
        const ids = async (w: ReturnType<typeof window>) =>
          (await store.listArticlesStored(A, w)).map((a) => a.id);
        expect(await ids(window(start, 2))).toEqual([second, first]);
        expect(await ids(window(new Date(start.getTime() + 3_600_000), 2))).toEqual([third, second]);
        expect(await ids(window(start, 3, 1))).toEqual([third]);
        expect((await store.listArticlesStored('guild-none', window(start, 3))).length).toBe(0);
      });

      it('returns summaries without article text', async () => {
        await add(A, belarus);
        const [summary] = await store.listArticles(A);
        expect(summary).toMatchObject({ title: belarus.title, publishedAt: '2026-01-05T09:00:00Z' });
        expect(summary).not.toHaveProperty('text');
      });

      it('keeps tenants apart', async () => {
        await add(A, belarus);
        await add(A, cafe);
        const bId = await add(B, market);
        expect(await store.countArticles(A)).toBe(2);
        expect(await store.countArticles(B)).toBe(1);
        expect(await store.countArticles('guild-none')).toBe(0);
        expect((await store.listArticles(B)).map((a) => a.id)).toEqual([bId]);
        expect(await store.listArticles(A, { ids: [bId] })).toEqual([]);
      });
    });

    describe('removeArticle', () => {
      it('removes the article and everything derived from it', async () => {
        const id = await add(A, belarus);
        const other = await add(A, cafe);
        expect(await store.removeArticle(A, id)).toBe(true);
        expect(await store.getArticle(A, id)).toBeUndefined();
        expect(await store.countArticles(A)).toBe(1);
        expect(await store.getPassages(A, id)).toEqual([]);
        expect(await store.searchPassages(A, { terms: ['Tsikhanouskaya', 'Lukashenko'], limit: 10 })).toEqual(
          [],
        );
        expect((await store.getAnalyses(A, [id])).size).toBe(0);
        expect(await store.listArticleActors(A, [id])).toEqual([]);
        expect(await store.findRegistryActors(A, ['lukashenko'])).toEqual([]);
        // The other article is untouched.
        expect(await store.searchPassages(A, { terms: ['protests'], limit: 10 })).toEqual([
          expect.objectContaining({ articleId: other }),
        ]);
        // The content can be added again.
        expect((await store.addArticle(A, belarus)).status).toBe('added');
      });

      it('returns false when there is no such article, and cannot remove another tenant’s', async () => {
        const id = await add(A, belarus);
        expect(await store.removeArticle(A, id + 1000)).toBe(false);
        expect(await store.removeArticle(B, id)).toBe(false);
        expect(await store.getArticle(A, id)).toBeDefined();
        expect(await store.removeArticle(A, id)).toBe(true);
        expect(await store.removeArticle(A, id)).toBe(false);
      });
    });

    describe('searchPassages', () => {
      it('ranks matching sentences, higher score first, and honours the limit', async () => {
        const id = await add(A, belarus);
        const hits = await store.searchPassages(A, { terms: ['Lukashenko', 'elections'], limit: 10 });
        expect(hits.map((h) => h.ordinal).sort()).toEqual([1, 2, 3]);
        for (const hit of hits) {
          expect(hit.articleId).toBe(id);
          expect(hit.text).toBe(belarus.sentences[hit.ordinal]?.text);
          expect(hit.paragraph).toBe(belarus.sentences[hit.ordinal]?.paragraph);
          expect(Number.isFinite(hit.score)).toBe(true);
        }
        const scores = hits.map((h) => h.score);
        expect(scores).toEqual([...scores].sort((x, y) => y - x));
        expect(await store.searchPassages(A, { terms: ['Lukashenko', 'elections'], limit: 2 })).toHaveLength(
          2,
        );
      });

      it('ranks a sentence with more of the terms above one with fewer', async () => {
        await add(
          A,
          preparedArticle('Ranking', [
            'Farmers met in the capital.',
            'Farmers protested about tractor prices in the capital.',
          ]),
        );
        const [best] = await store.searchPassages(A, { terms: ['tractor', 'prices', 'farmers'], limit: 5 });
        expect(best?.ordinal).toBe(1);
      });

      it('finds an article by the words of its headline, through its first sentence', async () => {
        await add(
          A,
          preparedArticle('Zeppelin fleet grounded', [
            'Airships stayed in their hangars on Monday.',
            'The operator blamed the wind.',
          ]),
        );
        const hits = await store.searchPassages(A, { terms: ['zeppelin', 'grounded'], limit: 5 });
        expect(hits.map((h) => h.text)).toEqual(['Airships stayed in their hangars on Monday.']);
        // The headline is searched, not stored: the sentence reads as written.
        expect(await store.searchPassages(A, { terms: ['wind'], limit: 5 })).toHaveLength(1);
      });

      it('matches word forms through stemming', async () => {
        await add(A, belarus); // "protests"
        await add(A, preparedArticle('Protest', ['Protesters gathered in the square.']));
        const texts = async (term: string) =>
          (await store.searchPassages(A, { terms: [term], limit: 10 })).map((h) => h.text);
        expect(await texts('protest')).toEqual(
          expect.arrayContaining([
            'Alexander Lukashenko dismissed the protests.',
            'Protesters gathered in the square.',
          ]),
        );
        expect(await texts('protesting')).toHaveLength(2);
      });

      it('matches regardless of case and diacritics', async () => {
        await add(A, belarus);
        await add(A, cafe);
        await add(A, preparedArticle('Cafe', ['A cafe near the station closed.']));
        await add(A, preparedArticle('Cyrillic', ['Святлана Ціханоўская выступіла ў Вільні.']));
        const count = async (term: string) =>
          (await store.searchPassages(A, { terms: [term], limit: 10 })).length;
        expect(await count('tsikhanouskaya')).toBe(1);
        expect(await count('TSIKHANOUSKAYA')).toBe(1);
        expect(await count('cafe')).toBe(2);
        expect(await count('café')).toBe(2);
        expect(await count('CAFÉ')).toBe(2);
        expect(await count('ціханоўская')).toBe(1);
      });

      it('treats query syntax in user words as plain text and never throws', async () => {
        await add(A, belarus);
        await add(A, cafe);
        const hostile = [
          '"',
          '""',
          '*',
          '-',
          '+',
          '^',
          ':',
          '(',
          ')',
          '{',
          '}',
          "'",
          '\\',
          'NEAR(',
          'NEAR(protests elections, 2)',
          'AND',
          'OR',
          'NOT',
          '-protests',
          'protests*',
          '"protests',
          'protests"',
          'text:protests',
          '{text}: protests',
          'title:protests',
          '\u0000',
          '\u0000protests',
          'pro"te"sts',
          '😀',
          '%',
          '_',
          "'; DROP TABLE articles; --",
        ];
        for (const term of hostile) {
          const hits = await store.searchPassages(A, { terms: [term], limit: 5 });
          expect(Array.isArray(hits), term).toBe(true);
        }
        const all = await store.searchPassages(A, { terms: hostile, limit: 50 });
        expect(all.length).toBeGreaterThan(0);
        expect(await store.countArticles(A)).toBe(2);
        // Operators are words, not operators: they do not turn "protests" into a prefix, NOT or column filter.
        const protests = (terms: string[]) => store.searchPassages(A, { terms, limit: 10 });
        expect((await protests(['NOT', 'protests'])).length).toBeGreaterThanOrEqual(2);
        expect(await protests(['"protests'])).toHaveLength(2);
        expect(await protests(['NEAR(', 'protests'])).toHaveLength(2);
        for (const hit of await protests(['AND'])) expect(hit.text).toMatch(/\band\b/i);
      });

      it('returns nothing when nothing is searchable', async () => {
        await add(A, belarus);
        for (const terms of [[], [''], ['   '], ['"', '*', '-'], ['\u0000']]) {
          expect(await store.searchPassages(A, { terms, limit: 5 }), JSON.stringify(terms)).toEqual([]);
        }
        expect(await store.searchPassages(A, { terms: ['Vilnius'], limit: 0 })).toEqual([]);
        expect(await store.searchPassages(A, { terms: ['Vilnius'], articleIds: [], limit: 5 })).toEqual([]);
        expect(await store.searchPassages(A, { terms: ['nonexistentword'], limit: 5 })).toEqual([]);
      });

      it('searches only the given articles', async () => {
        const id = await add(A, belarus);
        const cafeId = await add(A, cafe);
        const hits = await store.searchPassages(A, { terms: ['protests'], articleIds: [cafeId], limit: 10 });
        expect(hits.map((h) => h.articleId)).toEqual([cafeId]);
        const both = await store.searchPassages(A, {
          terms: ['protests'],
          articleIds: [id, cafeId],
          limit: 10,
        });
        expect(new Set(both.map((h) => h.articleId))).toEqual(new Set([id, cafeId]));
      });

      it('applies the limit after the tenant and article filters', async () => {
        // Many strong matches elsewhere must not crowd out the one weak match the caller may see.
        for (let i = 0; i < 30; i++) {
          await add(A, preparedArticle(`Strong ${i}`, [`Protest protest protest rally number ${i}.`]));
          await add(B, preparedArticle(`Strong ${i}`, [`Protest protest protest rally number ${i}.`]));
        }
        const weak = preparedArticle('Weak', [
          'Among a great many other words about weather, trade, sport, music and travel there was one protest.',
        ]);
        const weakInA = await add(A, weak);
        const hits = await store.searchPassages(A, { terms: ['protest'], articleIds: [weakInA], limit: 1 });
        expect(hits.map((h) => h.articleId)).toEqual([weakInA]);

        const onlyWeak = 'guild-c';
        const weakInC = await add(onlyWeak, weak);
        const cHits = await store.searchPassages(onlyWeak, { terms: ['protest'], limit: 1 });
        expect(cHits.map((h) => h.articleId)).toEqual([weakInC]);
      });

      it('never returns another tenant’s sentences', async () => {
        await add(A, belarus);
        const bId = await add(B, cafe);
        const hits = await store.searchPassages(B, { terms: ['protests', 'Tsikhanouskaya'], limit: 10 });
        expect(hits.map((h) => h.articleId)).toEqual([bId]);
        const aIds = (await store.listArticles(A)).map((a) => a.id);
        expect(
          await store.searchPassages(B, { terms: ['Tsikhanouskaya'], articleIds: aIds, limit: 10 }),
        ).toEqual([]);
      });

      it('ranks with the tenant’s own statistics: another tenant’s articles change neither order nor scores', async () => {
        // In B, "zebra" and "yak" are equally rare, so the shorter sentence ranks first. Were document
        // frequencies shared, A's many "yak" sentences would make "yak" common and put the zebra first.
        await add(
          B,
          preparedArticle('Animals', [
            'The zebra grazed quietly near the wide river bank at dawn.',
            'A yak rested.',
            'Rain fell on the hills. Farmers sold wool at the market. The road was closed for repairs.',
            'Children played football in the square. The bakery opened early.',
          ]),
        );
        const ranking = () => store.searchPassages(B, { terms: ['zebra', 'yak'], limit: 10 });
        const before = await ranking();
        expect(before.map((h) => h.text)).toEqual([
          'A yak rested.',
          'The zebra grazed quietly near the wide river bank at dawn.',
        ]);
        for (let i = 0; i < 40; i++) {
          await add(A, preparedArticle(`Herd ${i}`, [`The yak herd number ${i} moved to the yak pasture.`]));
        }
        expect(await ranking()).toEqual(before);
        // A's own ranking sees its own statistics: its yak sentences are found.
        expect(await store.searchPassages(A, { terms: ['yak'], limit: 50 })).toHaveLength(40);
      });
    });

    describe('getPassages', () => {
      it('returns every sentence in order with paragraphs', async () => {
        const id = await add(A, belarus);
        const passages = await store.getPassages(A, id);
        expect(passages).toEqual(
          belarus.sentences.map((s, ordinal) => ({
            articleId: id,
            ordinal,
            paragraph: s.paragraph,
            text: s.text,
          })),
        );
        expect(passages.map((p) => p.paragraph)).toEqual([0, 0, 1, 1]);
      });

      it('returns nothing for another tenant or an unknown article', async () => {
        const id = await add(A, belarus);
        expect(await store.getPassages(B, id)).toEqual([]);
        expect(await store.getPassages(A, id + 1000)).toEqual([]);
      });
    });

    describe('getAnalyses', () => {
      it('returns stored analyses by article id, skipping unknown and other tenants’ ids', async () => {
        const id = await add(A, belarus);
        const cafeId = await add(A, cafe);
        const bId = await add(B, market);
        const analyses = await store.getAnalyses(A, [id, cafeId, bId, 999_999]);
        expect([...analyses.keys()].sort((x, y) => x - y)).toEqual([id, cafeId]);
        expect(analyses.get(id)).toEqual(belarus.analysis);
        expect((await store.getAnalyses(B, [id])).size).toBe(0);
        expect((await store.getAnalyses(A, [])).size).toBe(0);
      });
    });

    describe('article actors', () => {
      it('lists actors per article with the quotes and relations involving them', async () => {
        const id = await add(A, belarus);
        const actors = await store.listArticleActors(A);
        expect(actors.map((a) => a.name)).toEqual([
          'Sviatlana Tsikhanouskaya',
          'Alexander Lukashenko',
          'Vilnius',
        ]);
        const lukashenko = actors.find((a) => a.name === 'Alexander Lukashenko');
        expect(lukashenko).toEqual({
          ...belarus.analysis.actors[1],
          articleId: id,
          quotes: belarus.analysis.quotes,
          relations: belarus.analysis.relations,
        });
        const tsikhanouskaya = actors.find((a) => a.name === 'Sviatlana Tsikhanouskaya');
        expect(tsikhanouskaya?.quotes).toEqual([]);
        expect(tsikhanouskaya?.relations).toEqual(belarus.analysis.relations);
        const vilnius = actors.find((a) => a.name === 'Vilnius');
        expect(vilnius).toMatchObject({ type: 'place', quotes: [], relations: [] });
      });

      it('filters by article and keeps tenants apart', async () => {
        const id = await add(A, belarus);
        const other = await add(A, lukashenkoArticle());
        expect((await store.listArticleActors(A, [other])).map((a) => a.articleId)).toEqual([other]);
        expect(await store.listArticleActors(A, [])).toEqual([]);
        expect(await store.listArticleActors(A)).toHaveLength(4);
        expect(await store.listArticleActors(B)).toEqual([]);
        expect(await store.listArticleActors(B, [id, other])).toEqual([]);
      });

      it('lists the names and types of the given articles’ actors, tenant by tenant', async () => {
        const id = await add(A, belarus);
        const other = await add(A, lukashenkoArticle());
        const full = await store.listArticleActors(A, [id, other]);
        expect(await store.listActorNames(A, [id, other])).toEqual(
          full.map((a) => ({ articleId: a.articleId, name: a.name, type: a.type })),
        );
        expect(await store.listActorNames(A, [])).toEqual([]);
        expect(await store.listActorNames(B, [id, other])).toEqual([]);
      });
    });

    describe('actor registry', () => {
      const names = async (tenant: string) =>
        (await store.listRegistryActors(tenant, 10)).map((a) => [a.name, a.mentionCount, a.articleCount]);

      it('merges actors across articles as they are added, and keeps tenants apart', async () => {
        const id = await add(A, belarus);
        await add(A, surnameOnly('Lukashenko spoke again.', 'Lukashenko', 3));
        expect(await names(A)).toEqual([
          ['Alexander Lukashenko', 5, 2],
          ['Sviatlana Tsikhanouskaya', 1, 1],
          ['Vilnius', 1, 1],
        ]);
        const [first] = await store.listRegistryActors(A, 1);
        expect(first).toMatchObject({ type: 'person', salience: 3 });
        expect(await store.listRegistryAliases(A, first!.id, 10)).toEqual(
          expect.arrayContaining(['Alexander Lukashenko', 'Lukashenko']),
        );
        expect(
          (await store.listRegistryMembers(A, first!.id, { quotedOnly: true })).map((r) => r.articleId),
        ).toEqual([id]);
        expect(await names(B)).toEqual([]);
        expect(await store.findRegistryActors(B, ['lukashenko'])).toEqual([]);
        expect(await store.suggestRegistryActors(B, 'luka', 5)).toEqual([]);
        expect(await store.listRegistryAliases(B, first!.id, 10)).toEqual([]);
        expect(await store.listRegistryMembers(B, first!.id)).toEqual([]);
      });

      it('tells a name from a bare surname when finding actors by key', async () => {
        await add(A, belarus);
        const found = await store.findRegistryActors(A, ['alexander lukashenko', 'lukashenko', 'nobody']);
        expect(found.map((m) => [m.key, m.precise, m.actor.name])).toEqual(
          expect.arrayContaining([
            ['alexander lukashenko', true, 'Alexander Lukashenko'],
            ['lukashenko', false, 'Alexander Lukashenko'],
          ]),
        );
        expect(found).toHaveLength(2);
        expect((await store.suggestRegistryActors(A, 'luka', 5)).map((a) => a.name)).toEqual([
          'Alexander Lukashenko',
        ]);
        // Nothing typed: the most salient first.
        expect((await store.suggestRegistryActors(A, '', 2)).map((a) => a.name)).toEqual([
          'Sviatlana Tsikhanouskaya',
          'Alexander Lukashenko',
        ]);
      });

      it('joins a surname seen before the full name once the full name arrives', async () => {
        await add(A, surnameOnly('Lukashenko spoke first.', 'Lukashenko', 2));
        expect(await names(A)).toEqual([['Lukashenko', 2, 1]]);
        await add(A, belarus);
        expect((await names(A))[0]).toEqual(['Alexander Lukashenko', 4, 2]);
        expect((await names(A)).filter(([name]) => String(name).includes('Lukashenko'))).toHaveLength(1);
      });

      it('takes a removed article’s rows out and re-merges what is left', async () => {
        const id = await add(A, belarus);
        const other = await add(A, surnameOnly('Lukashenko spoke again.', 'Lukashenko', 3));
        await add(B, belarus);
        expect(await store.removeArticle(A, id)).toBe(true);
        expect(await names(A)).toEqual([['Lukashenko', 3, 1]]);
        expect(await store.findRegistryActors(A, ['tsikhanouskaya', 'vilnius'])).toEqual([]);
        expect(await store.removeArticle(A, other)).toBe(true);
        expect(await names(A)).toEqual([]);
        // The other tenant's copy is untouched.
        expect((await names(B)).map(([name]) => name)).toContain('Alexander Lukashenko');
      });

      it('changes nothing when adding fails part-way', async () => {
        await add(A, belarus);
        const before = await names(A);
        const broken = preparedArticle('Broken', ['Another unique sentence about airships.'], {
          analysis: { ...emptyAnalysis(), actors: [actor('Alexander Lukashenko'), explodingActor()] },
        });
        await expect(store.addArticle(A, broken)).rejects.toThrow();
        expect(await names(A)).toEqual(before);
      });

      it('reads sentences by position, skipping missing ones and other tenants’', async () => {
        const id = await add(A, belarus);
        const at = await store.getPassagesAt(A, [
          { articleId: id, ordinal: 2 },
          { articleId: id, ordinal: 0 },
          { articleId: id, ordinal: 99 },
        ]);
        expect(at.map((p) => [p.ordinal, p.text])).toEqual([
          [2, 'Alexander Lukashenko dismissed the protests.'],
          [0, 'Sviatlana Tsikhanouskaya addressed supporters in Vilnius on Monday.'],
        ]);
        expect(await store.getPassagesAt(B, [{ articleId: id, ordinal: 0 }])).toEqual([]);
      });
    });

    describe('conversations', () => {
      const conversation: Conversation = {
        id: 'channel-1:thread-9',
        focusActors: ['Alexander Lukashenko'],
        articleIds: [1, 2],
        topic: 'Belarus',
        turns: [
          { role: 'user', text: 'What did he say?', at: '2026-01-10T08:00:00.000Z' },
          { role: 'bot', text: '"We will not give in," [1]', at: '2026-01-10T08:00:01.000Z' },
        ],
        updatedAt: '2026-01-10T08:00:01.000Z',
      };

      it('saves, reads and replaces a conversation per tenant', async () => {
        expect(await store.getConversation(A, conversation.id)).toBeUndefined();
        expect(await store.saveConversation(A, conversation)).toBe(true);
        const first = await store.getConversation(A, conversation.id);
        expect(first).toEqual({ ...conversation, version: expect.any(Number) });
        expect(await store.getConversation(B, conversation.id)).toBeUndefined();

        const replaced: Conversation = { ...first!, focusActors: [], topic: undefined, turns: [] };
        expect(await store.saveConversation(A, replaced)).toBe(true);
        const read = await store.getConversation(A, conversation.id);
        expect(read).toEqual({ ...replaced, topic: undefined, version: expect.any(Number) });
        expect(read?.version).not.toBe(first?.version);
        expect(read?.topic).toBeUndefined();

        expect(await store.saveConversation(B, { ...conversation, topic: 'Other tenant' })).toBe(true);
        expect((await store.getConversation(A, conversation.id))?.turns).toEqual([]);
        expect((await store.getConversation(B, conversation.id))?.topic).toBe('Other tenant');
      });

      it('refuses a write over a version that moved on, so two writers lose no turn', async () => {
        expect(await store.saveConversation(A, conversation)).toBe(true);
        // Creating again loses to the first creator.
        expect(await store.saveConversation(A, { ...conversation, topic: 'second creator' })).toBe(false);
        const read = (await store.getConversation(A, conversation.id))!;
        const mine = {
          ...read,
          turns: [...read.turns, { role: 'user' as const, text: 'mine', at: read.updatedAt }],
        };
        const theirs = {
          ...read,
          turns: [...read.turns, { role: 'user' as const, text: 'theirs', at: read.updatedAt }],
        };
        expect(await store.saveConversation(A, theirs)).toBe(true);
        expect(await store.saveConversation(A, mine)).toBe(false);
        const now = (await store.getConversation(A, conversation.id))!;
        expect(now.turns.map((t) => t.text)).toContain('theirs');
        expect(await store.saveConversation(A, { ...now, turns: [...now.turns, mine.turns.at(-1)!] })).toBe(
          true,
        );
        const both = (await store.getConversation(A, conversation.id))!.turns.map((t) => t.text);
        expect(both.slice(-2)).toEqual(['theirs', 'mine']);
        expect(both.filter((t) => t === 'theirs')).toHaveLength(1);
        // Another tenant's conversation of the same id is its own.
        expect(await store.saveConversation(B, conversation)).toBe(true);
      });
    });

    describe('persistence', () => {
      it('keeps articles, search and conversations across close and reopen', async (context) => {
        if (!fixture.reopen) {
          // An in-memory database vanishes on close: there is nothing to reopen.
          context.skip('this implementation cannot be reopened (in-memory)');
          return;
        }
        const id = await add(A, belarus);
        await store.saveConversation(A, conversation());
        await store.close();
        store = await fixture.reopen();
        expect(await store.getArticle(A, id)).toMatchObject({ title: belarus.title });
        expect(await store.searchPassages(A, { terms: ['Vilnius'], limit: 5 })).toHaveLength(1);
        expect(await store.findRegistryActors(A, ['lukashenko'])).toHaveLength(1);
        expect(await store.getConversation(A, 'c1')).toEqual({
          ...conversation(),
          version: expect.any(Number),
        });
        expect((await store.addArticle(A, belarus)).status).toBe('duplicate');
        await store.close();
      });

      function conversation(): Conversation {
        return {
          id: 'c1',
          focusActors: ['Vilnius'],
          articleIds: [1],
          turns: [],
          updatedAt: '2026-01-10T08:00:00Z',
        };
      }
    });

    describe('close', () => {
      it('makes every further call fail with StoreError', async () => {
        const id = await add(A, belarus);
        await store.close();
        const calls: [string, () => Promise<unknown>][] = [
          ['addArticle', () => store.addArticle(A, cafe)],
          ['addArticles', () => store.addArticles(A, [cafe])],
          ['getArticle', () => store.getArticle(A, id)],
          ['listArticles', () => store.listArticles(A)],
          ['countArticles', () => store.countArticles(A)],
          ['removeArticle', () => store.removeArticle(A, id)],
          ['searchPassages', () => store.searchPassages(A, { terms: ['Vilnius'], limit: 5 })],
          ['getPassages', () => store.getPassages(A, id)],
          ['getAnalyses', () => store.getAnalyses(A, [id])],
          ['listArticleActors', () => store.listArticleActors(A)],
          ['listRegistryActors', () => store.listRegistryActors(A, 5)],
          ['findRegistryActors', () => store.findRegistryActors(A, ['lukashenko'])],
          ['getPassagesAt', () => store.getPassagesAt(A, [{ articleId: id, ordinal: 0 }])],
          ['getConversation', () => store.getConversation(A, 'c1')],
          [
            'saveConversation',
            () =>
              store.saveConversation(A, {
                id: 'c1',
                focusActors: [],
                articleIds: [],
                turns: [],
                updatedAt: '2026-01-10T08:00:00Z',
              }),
          ],
        ];
        for (const [method, call] of calls) {
          await expect(call(), method).rejects.toBeInstanceOf(StoreError);
        }
      });
    });
  });
}

/** An article whose only actor is a surname alone (a single word typed as a person). */
function surnameOnly(text: string, name: string, mentions: number): PreparedArticle {
  return preparedArticle(`About ${name}`, [text], {
    analysis: {
      ...emptyAnalysis(),
      actors: [actor(name, { mentions: Array.from({ length: mentions }, (_, i) => i), salience: 2 })],
    },
  });
}

/** A second article naming Lukashenko, for tests that need his actor rows in two articles. */
function lukashenkoArticle(): PreparedArticle {
  return preparedArticle('Other', ['Lukashenko met officials.'], {
    analysis: { ...emptyAnalysis(), actors: [actor('Alexander Lukashenko', { aliases: ['Lukashenko'] })] },
  });
}
