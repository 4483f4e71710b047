import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';
import { CANDIDATES_SQL } from '../../src/store/sqlite/sqlite-near-duplicate-store.ts';
import { TRAM_CRASH, TRAM_VOTE } from '../dedup/stories.ts';
import { describeNearDuplicateStoreContract } from './near-duplicate-store.contract.ts';
import { preparedArticle } from './prepared-article.ts';

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
