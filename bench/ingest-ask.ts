import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { listActors } from '../src/briefing/actor-directory.ts';
import { answerQuestion } from '../src/briefing/answer-question.ts';
import { ingestArticle } from '../src/briefing/ingest-article.ts';
import type { Services } from '../src/briefing/services.ts';
import { systemClock } from '../src/core/clock.ts';
import { silentLogger } from '../src/core/logger.ts';
import { OfflineEngine } from '../src/llm/offline/offline-engine.ts';
import { SqliteArticleStore } from '../src/store/sqlite/sqlite-article-store.ts';
import { storeServices } from '../src/store/store-services.ts';
import { percentile, readJsonl } from './datasets.ts';

interface BbcArticle {
  id: string;
  category: string;
  title: string;
  text: string;
}

export interface IngestAskResult {
  articles: number;
  added: number;
  duplicates: number;
  ingestSeconds: number;
  articlesPerSecond: number;
  questions: number;
  askMedianMs: number;
  askP95Ms: number;
  /** /actors with no topic: every actor of every article merged (median of 5). */
  actorsAllMedianMs: number;
  dbMiB?: number;
}

/**
 * Ingests the 2,225 BBC articles through the real pipeline (clean, split, analyse, store) into a
 * fresh SQLite file, then times /ask's use-case on questions built from the articles' titles.
 */
export async function runIngestAskBench(questionCount = 300): Promise<IngestAskResult | undefined> {
  const bbc = readJsonl<BbcArticle>('bbc-news-2225.jsonl');
  if (!bbc) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'briefing-bench-'));
  const store = SqliteArticleStore.open({ path: join(dir, 'bench.db'), clock: systemClock });
  const services: Services = {
    ...storeServices(store.backend(), {
      engine: new OfflineEngine(),
      clock: systemClock,
      logger: silentLogger,
    }),
  };
  try {
    let added = 0;
    let duplicates = 0;
    const t0 = performance.now();
    for (const a of bbc) {
      const r = await ingestArticle(services, 'bench', { title: a.title, text: a.text });
      if (r.ok && r.value.status === 'added') added++;
      else if (r.ok) duplicates++;
    }
    const ingestSeconds = (performance.now() - t0) / 1000;
    const questions = bbc
      .filter((_, i) => i % Math.max(1, Math.floor(bbc.length / questionCount)) === 0)
      .slice(0, questionCount)
      .map((a, i) => (i % 2 === 0 ? `What happened: ${a.title}?` : `Who is involved in ${a.title}?`));
    const times: number[] = [];
    for (const [i, q] of questions.entries()) {
      const t = performance.now();
      await answerQuestion(services, 'bench', { question: q, conversationId: `bench-${i}` });
      times.push(performance.now() - t);
    }
    times.sort((x, y) => x - y);
    const actorTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await listActors(services, 'bench', { limit: 20 });
      actorTimes.push(performance.now() - t);
    }
    actorTimes.sort((x, y) => x - y);
    return {
      articles: bbc.length,
      added,
      duplicates,
      ingestSeconds: round(ingestSeconds, 2),
      articlesPerSecond: round(bbc.length / ingestSeconds, 0),
      questions: questions.length,
      askMedianMs: round(percentile(times, 50), 2),
      askP95Ms: round(percentile(times, 95), 2),
      actorsAllMedianMs: round(percentile(actorTimes, 50), 0),
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await runIngestAskBench());
}
