import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergeActors } from '../../src/actors/registry.ts';
import { type ActorSummary, listActors } from '../../src/briefing/actor-directory.ts';
import { ingestArticle } from '../../src/briefing/ingest-article.ts';
import type { Services } from '../../src/briefing/services.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { OfflineEngine } from '../../src/llm/offline/offline-engine.ts';
import { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';
import { storeServices } from '../../src/store/store-services.ts';
import { REGISTRY_ARTICLES as ARTICLES } from './registry-articles.ts';

const T = 'guild-a';

/** What /actors shows of an actor, from the per-article rows merged at read time (the old path). */
function fromMergedRows(rows: Awaited<ReturnType<SqliteArticleStore['listArticleActors']>>): ActorSummary[] {
  return mergeActors(rows).map((a) => ({
    name: a.name,
    type: a.type,
    roles: a.roles,
    mentionCount: a.mentionCount,
    articleCount: a.articleIds.length,
    salience: a.salience,
  }));
}

describe('actor registry against merging every row at read time', () => {
  let dir: string;
  let file: string;
  let store: SqliteArticleStore;
  let services: Services;
  const ids: number[] = [];

  const open = () => {
    store = SqliteArticleStore.open({ path: file, clock: new FakeClock(new Date('2026-03-01')) });
    services = {
      ...storeServices(store.backend(), {
        engine: new OfflineEngine(),
        clock: new FakeClock(new Date('2026-03-01')),
        logger: silentLogger,
      }),
    };
  };
  const registry = async () => (await listActors(services, T, { limit: 100 }))!.actors;
  const merged = async () => fromMergedRows(await store.listArticleActors(T)).slice(0, 100);

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefing-registry-'));
    file = path.join(dir, 'store.db');
    open();
    ids.length = 0;
    for (const a of ARTICLES) {
      const r = await ingestArticle(services, T, a);
      if (!r.ok || r.value.status !== 'added') throw new Error(`not added: ${a.title}`);
      ids.push(r.value.article.id);
    }
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists the same actors, counts and roles as mergeActors over all rows', async () => {
    const fromRegistry = await registry();
    expect(fromRegistry.length).toBeGreaterThan(8);
    expect(fromRegistry).toEqual(await merged());
    // The surname that came first is one actor with the full name.
    const bush = fromRegistry.filter((a) => a.name.includes('Bush'));
    expect(bush.map((a) => a.name).sort()).toEqual(['George Bush', 'Laura Bush']);
    // Initials no article writes merge nothing: "Edinburgh University" is not the EU.
    const eu = fromRegistry.find((a) => a.name === 'European Union');
    const edinburgh = fromRegistry.find((a) => a.name === 'Edinburgh University');
    expect(eu?.articleCount).toBeGreaterThanOrEqual(2);
    expect(edinburgh?.articleCount).toBe(1);
  });

  it('stays equal after removals', async () => {
    await store.removeArticle(T, ids[2]!);
    expect(await registry()).toEqual(await merged());
    await store.removeArticle(T, ids[1]!);
    expect(await registry()).toEqual(await merged());
  });

  it('is rebuilt from the stored rows when an older database is opened', async () => {
    const before = await registry();
    await store.close();
    // What a database written before the registry looks like: actor rows, no registry.
    const raw = new Database(file);
    raw.pragma('foreign_keys = ON');
    raw.exec('DELETE FROM registry_actors; UPDATE article_actors SET registry_id = NULL;');
    raw.close();
    open();
    expect(await registry()).toEqual(before);
  });

  it('is merged again when a database of an older rule (initials merged) is opened', async () => {
    const before = await registry();
    await store.close();
    // The registry as version 11 left it: Edinburgh University's rows in the European Union's actor.
    const raw = new Database(file);
    raw.pragma('foreign_keys = ON');
    raw.exec(`UPDATE article_actors SET registry_id =
        (SELECT registry_id FROM article_actors WHERE name = 'European Union' LIMIT 1)
      WHERE name = 'Edinburgh University';
      DELETE FROM registry_actors WHERE name = 'Edinburgh University';`);
    raw.pragma('user_version = 11');
    raw.close();
    open();
    expect(await registry()).toEqual(before);
    expect((await registry()).find((a) => a.name === 'Edinburgh University')?.articleCount).toBe(1);
  });

  it('is per tenant', async () => {
    expect((await listActors(services, 'guild-b', { limit: 10 }))!.actors).toEqual([]);
    await ingestArticle(services, 'guild-b', ARTICLES[0]!);
    const other = (await listActors(services, 'guild-b', { limit: 10 }))!.actors;
    expect(other.map((a) => a.articleCount)).toEqual(other.map(() => 1));
    expect(await registry()).toEqual(await merged());
  });
});
