/**
 * A data dir of `size` distinct articles for the /ask benchmark: the scale corpus (bench/scale-corpus.ts,
 * varied from ../shared/datasets) ingested in process through the real pipeline (clean, split, offline
 * analysis, store). Near-duplicate merging is left out on purpose: the variants are copies of 2,225
 * stories, which merging would fold back into 2,225 articles, and this measures a server that holds
 * `size` articles. A finished dir is reused (its `done-<size>` marker), so the 100,000 build runs once.
 * Usage: node --import tsx bench/ask-corpus.ts <dir> <size>
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ingestArticle } from '../src/briefing/ingest-article.ts';
import { systemClock } from '../src/core/clock.ts';
import { OfflineEngine } from '../src/llm/offline/offline-engine.ts';
import { SqliteArticleStore } from '../src/store/sqlite/sqlite-article-store.ts';
import { readJsonl } from './datasets.ts';
import { type SourceArticle, variantArticle } from './scale-corpus.ts';

export const ASK_TENANT = 'bench';

/** The database file of a built dir; builds it first when its marker is missing (resuming a partial build). */
export async function askCorpus(
  dir: string,
  size: number,
  bbc: SourceArticle[],
  worker = { index: 0, of: 1 },
): Promise<string> {
  const file = join(dir, 'briefing.db');
  const marker = join(dir, `done-${size}`);
  if (existsSync(marker)) return file;
  mkdirSync(dir, { recursive: true });
  const store = SqliteArticleStore.open({ path: file, clock: systemClock });
  const services = { store, engine: new OfflineEngine(), clock: systemClock };
  try {
    // A re-run after a kill finds what was stored by content hash and skips it before any analysis.
    // Workers (separate processes on the same file) take every `of`-th article.
    for (let i = worker.index; i < size; i += worker.of) {
      const a = variantArticle(bbc, i);
      await ingestArticle(services, ASK_TENANT, { title: a.title, text: a.text });
      if ((i + 1) % 5000 === 0) process.stderr.write(`ask-corpus: ${i + 1}/${size}\n`);
    }
  } finally {
    await store.close();
  }
  if (worker.of === 1) writeFileSync(marker, `${new Date().toISOString()}\n`);
  return file;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const bbc = readJsonl<SourceArticle>('bbc-news-2225.jsonl');
  if (!bbc) throw new Error('bbc-news-2225.jsonl not found in ../shared/datasets');
  const [dir, size, index, of] = process.argv.slice(2);
  console.log(await askCorpus(dir!, Number(size), bbc, { index: Number(index ?? 0), of: Number(of ?? 1) }));
}
