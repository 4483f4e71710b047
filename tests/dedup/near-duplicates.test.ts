import { describe, expect, it } from 'vitest';
import { buildBriefing } from '../../src/briefing/build-briefing.ts';
import { ingestArticle } from '../../src/briefing/ingest-article.ts';
import type { Services } from '../../src/briefing/services.ts';
import { articleShowCommand } from '../../src/commands/article-show.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { minhashSignature, NEAR_DUPLICATE_SIMILARITY, similarity } from '../../src/dedup/minhash.ts';
import type { BriefingEngine } from '../../src/llm/engine.ts';
import { OfflineEngine } from '../../src/llm/offline/offline-engine.ts';
import { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';
import { storeServices } from '../../src/store/store-services.ts';
import { cleanArticleText } from '../../src/text/clean.ts';
import { renderText } from '../../src/transports/shell/render-text.ts';
import { TRAM_CRASH, TRAM_VOTE, TRAM_VOTE_WIRE_COPY } from './stories.ts';

/** Real services with the near-duplicate index, counting the analyses the engine is asked for. */
function services() {
  const clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
  const store = SqliteArticleStore.open({ path: ':memory:', clock });
  const offline = new OfflineEngine();
  const analysed: string[] = [];
  const engine: BriefingEngine = Object.assign(Object.create(offline) as BriefingEngine, {
    analyseArticle: (input: Parameters<BriefingEngine['analyseArticle']>[0]) => {
      analysed.push(input.title);
      return offline.analyseArticle(input);
    },
  });
  const s: Services = {
    ...storeServices(store.backend(), { engine, clock, logger: silentLogger }),
    nearDuplicates: store.nearDuplicateStore(),
  };
  return { s, analysed, store };
}

const vote = {
  title: 'Riverton approves eastern tram line',
  text: TRAM_VOTE,
  url: 'https://gazette.example/tram-vote',
  source: 'Riverton Gazette',
};
const copy = {
  title: 'City backs tram plan after decade of rows',
  text: TRAM_VOTE_WIRE_COPY,
  url: 'https://citywire.example/tram',
  source: 'City Wire',
};
const crash = {
  title: 'Crane topples at tram site',
  text: TRAM_CRASH,
  url: 'https://gazette.example/crane',
  source: 'Riverton Gazette',
};

describe('MinHash signatures', () => {
  it('score a wire copy above the threshold and another story on the topic far below it', () => {
    const sig = (t: string) => minhashSignature(cleanArticleText(t));
    expect(similarity(sig(TRAM_VOTE), sig(TRAM_VOTE))).toBe(1);
    expect(similarity(sig(TRAM_VOTE), sig(TRAM_VOTE_WIRE_COPY))).toBeGreaterThanOrEqual(
      NEAR_DUPLICATE_SIMILARITY,
    );
    expect(similarity(sig(TRAM_VOTE), sig(TRAM_CRASH))).toBeLessThan(0.1);
  });
});

describe('ingesting near-duplicates', () => {
  it('merges a wire copy into the stored story as another outlet, without analysing it again', async () => {
    const { s, analysed, store } = services();
    const first = await ingestArticle(s, 'guild-a', vote);
    expect(first.ok && first.value.status).toBe('added');
    const second = await ingestArticle(s, 'guild-a', copy);
    expect(second.ok && second.value).toMatchObject({
      status: 'near-duplicate',
      article: { title: vote.title },
    });
    expect(analysed).toEqual([vote.title]);
    expect(await store.countArticles('guild-a')).toBe(1);
    // The same copy arriving again (another feed) is listed once.
    await ingestArticle(s, 'guild-a', copy);
    const outlets = await s.nearDuplicates!.listOutlets('guild-a', [first.ok ? first.value.article.id : 0]);
    expect([...outlets.values()].flat().map((o) => o.source)).toEqual(['City Wire']);
  });

  it('stores another story on the same topic as its own article', async () => {
    const { s, store } = services();
    await ingestArticle(s, 'guild-a', vote);
    const other = await ingestArticle(s, 'guild-a', crash);
    expect(other.ok && other.value.status).toBe('added');
    expect(await store.countArticles('guild-a')).toBe(2);
  });

  it('never merges across tenants, and an identical text is still a plain duplicate', async () => {
    const { s } = services();
    await ingestArticle(s, 'guild-a', vote);
    const elsewhere = await ingestArticle(s, 'guild-b', copy);
    expect(elsewhere.ok && elsewhere.value.status).toBe('added');
    const again = await ingestArticle(s, 'guild-a', { ...vote, url: 'https://mirror.example/tram' });
    expect(again.ok && again.value.status).toBe('duplicate');
  });

  it('lists every outlet in /article show and cites each in a briefing', async () => {
    const { s } = services();
    const first = await ingestArticle(s, 'guild-a', vote);
    await ingestArticle(s, 'guild-a', copy);
    const id = first.ok ? first.value.article.id : 0;
    const ctx = { tenant: 'guild-a', userId: 'u', conversationId: 'c', canManage: false, services: s };
    const shown = renderText(await articleShowCommand.run({ id }, ctx));
    expect(shown).toContain('Also published by');
    expect(shown).toContain(
      'City Wire · City backs tram plan after decade of rows · https://citywire.example/tram',
    );

    const briefing = await buildBriefing(s, 'guild-a', {
      topic: 'tram',
      length: 'short',
      conversationId: 'c',
    });
    expect(briefing!.sources).toHaveLength(1);
    expect(briefing!.sources[0]!.alsoIn).toEqual([
      { title: copy.title, source: 'City Wire', url: 'https://citywire.example/tram' },
    ]);
    expect(renderText({ sections: [], sources: briefing!.sources })).toContain(
      'also: City Wire · https://citywire.example/tram',
    );
  });

  it('forgets a removed article: a later copy is stored on its own', async () => {
    const { s, store } = services();
    const first = await ingestArticle(s, 'guild-a', vote);
    await store.removeArticle('guild-a', first.ok ? first.value.article.id : 0);
    const later = await ingestArticle(s, 'guild-a', copy);
    expect(later.ok && later.value.status).toBe('added');
  });
});
