import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import { minhashSignature } from '../../src/dedup/minhash.ts';
import { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';
import { CANDIDATES_SQL } from '../../src/store/sqlite/sqlite-near-duplicate-store.ts';
import { TRAM_CRASH, TRAM_VOTE, TRAM_VOTE_WIRE_COPY } from '../dedup/stories.ts';
import { describeNearDuplicateStoreContract } from './near-duplicate-store.contract.ts';
import { actor, emptyAnalysis, preparedArticle } from './prepared-article.ts';

const clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describeNearDuplicateStoreContract('SqliteNearDuplicateStore (connections on one file)', async (clock) => {
  const dir = mkdtempSync(join(tmpdir(), 'near-dup-'));
  const stores: SqliteArticleStore[] = [];
  const connect = () => {
    const store = SqliteArticleStore.open({ path: join(dir, 'briefing.db'), clock });
    stores.push(store);
    return store;
  };
  const articles = connect();
  const texts: Record<string, string> = { 'Tram vote': TRAM_VOTE, 'Tram crash': TRAM_CRASH };
  return {
    open: () => connect().nearDuplicateStore(),
    articles: {
      add: async (tenant, title) =>
        (await articles.addArticle(tenant, preparedArticle(title, [texts[title] ?? title]))).article.id,
      remove: async (tenant, id) => {
        await articles.removeArticle(tenant, id);
      },
      exists: async (tenant, id) => (await articles.getArticle(tenant, id)) !== undefined,
    },
    cleanup: async () => {
      for (const s of stores) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteNearDuplicateStore queries', () => {
  it("indexes an article's signature in the article's own transaction, and not a failed article's", async () => {
    dir = mkdtempSync(join(tmpdir(), 'near-dup-tx-'));
    const store = SqliteArticleStore.open({ path: join(dir, 'briefing.db'), clock });
    const index = store.nearDuplicateStore();
    const broken = {
      ...preparedArticle('Crash', [TRAM_CRASH]),
      analysis: { ...emptyAnalysis(), actors: [actor('Bad', { type: 'not-a-type' as 'person' })] },
      signature: minhashSignature(TRAM_CRASH),
    };
    const vote = { ...preparedArticle('Tram vote', [TRAM_VOTE]), signature: minhashSignature(TRAM_VOTE) };
    const results = await store.addArticles('guild-a', [broken, vote]);
    expect(results.map((r) => r.status)).toEqual(['failed', 'added']);
    const match = await index.findNear('guild-a', minhashSignature(TRAM_VOTE_WIRE_COPY), 0.4);
    expect(match?.articleId).toBe(results[1]!.status === 'added' ? results[1]!.article.id : -1);
    expect(await index.findNear('guild-a', minhashSignature(TRAM_CRASH), 0.4)).toBeUndefined();
    await store.close();
  });

  it('looks candidates up by index probes, never by scanning the band table', async () => {
    dir = mkdtempSync(join(tmpdir(), 'near-dup-plan-'));
    const path = join(dir, 'briefing.db');
    await SqliteArticleStore.open({ path, clock }).close();
    const db = new Database(path, { readonly: true });
    const plan = (
      db.prepare(`EXPLAIN QUERY PLAN ${CANDIDATES_SQL}`).all({ tenant: 't', buckets: '[1]' }) as {
        detail: string;
      }[]
    ).map((r) => r.detail);
    db.close();
    expect(plan).toContain('SEARCH b USING PRIMARY KEY (tenant=? AND band=? AND bucket=?)');
    expect(plan.some((d) => /^SCAN (b|s)\b/.test(d))).toBe(false);
  });
});
