import { readFileSync } from 'node:fs';
import { ingestArticle } from '../../src/briefing/ingest-article.ts';
import type { Services } from '../../src/briefing/services.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { OfflineEngine } from '../../src/llm/offline/offline-engine.ts';
import { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';
import { storeServices } from '../../src/store/store-services.ts';
import { FOUNDING_ARTICLE } from './run-cli.ts';

/** Real services (SQLite in memory, offline engine, fake clock) with the founding article stored for a tenant. */
export async function foundingServices(
  tenant = 'guild-a',
): Promise<Services & { clock: FakeClock; articleId: number }> {
  const clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
  const store = SqliteArticleStore.open({ path: ':memory:', clock });
  const services = {
    ...storeServices(store.backend(), { engine: new OfflineEngine(), clock, logger: silentLogger }),
    clock,
  };
  const added = await ingestArticle(services, tenant, {
    title: 'Putin tightens his embrace of Lukashenko',
    text: readFileSync(FOUNDING_ARTICLE, 'utf8'),
    url: 'https://news.example/belarus',
  });
  if (!added.ok || added.value.status !== 'added') throw new Error('founding article was not added');
  return { ...services, articleId: added.value.article.id };
}
