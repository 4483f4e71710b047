/**
 * Throughput check for SqliteArticleStore: bulk-adds the BBC News 2,225 articles (one transaction
 * per article, as ingestion does) into a temp file, then times BM25 searches built from title words.
 * Run: npx tsx bench/store-bench.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { systemClock } from '../src/core/clock.ts';
import type { PreparedArticle } from '../src/core/types.ts';
import { SqliteArticleStore } from '../src/store/sqlite/sqlite-article-store.ts';
import { cleanArticleText } from '../src/text/clean.ts';
import { contentHash } from '../src/text/hash.ts';
import { splitSentences } from '../src/text/sentences.ts';
import { STOPWORDS, words } from '../src/text/tokens.ts';
import { emptyAnalysis } from '../tests/store/prepared-article.ts';
import { DATASETS_DIR } from './datasets.ts';

/** What one bench run measured. */
export interface StoreBenchResult {
  articles: number;
  added: number;
  duplicates: number;
  sentences: number;
  addSeconds: number;
  articlesPerSecond: number;
  dbMiB: number;
  queries: number;
  searchMedianMs: number;
  searchP95Ms: number;
  meanHits: number;
}

/** Options of {@link runStoreBench}. */
export interface StoreBenchOptions {
  datasetPath?: string;
  queries?: number;
  limit?: number;
}

const TENANT = 'bench';

/** Runs the bench in a fresh temp directory and returns the numbers. */
export async function runStoreBench(options: StoreBenchOptions = {}): Promise<StoreBenchResult> {
  const datasetPath = options.datasetPath ?? path.join(DATASETS_DIR, 'bbc-news-2225.jsonl');
  const queryCount = options.queries ?? 200;
  const limit = options.limit ?? 10;
  const rows = fs
    .readFileSync(datasetPath, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { title: string; text: string });
  // Preparing text is ingestion's cost, not the store's: do it before the clock starts.
  const prepared = rows.map(prepare);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-bench-'));
  const file = path.join(dir, 'bench.db');
  const store = SqliteArticleStore.open({ path: file, clock: systemClock });
  try {
    let added = 0;
    const start = performance.now();
    for (const article of prepared) {
      if ((await store.addArticle(TENANT, article)).status === 'added') added++;
    }
    const addSeconds = (performance.now() - start) / 1000;

    const queries = titleQueries(rows, queryCount);
    const times: number[] = [];
    let hits = 0;
    for (const terms of queries) {
      const t0 = performance.now();
      hits += (await store.searchPassages(TENANT, { terms, limit })).length;
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);

    const dbBytes = [file, `${file}-wal`].reduce(
      (sum, f) => sum + (fs.existsSync(f) ? fs.statSync(f).size : 0),
      0,
    );
    return {
      articles: prepared.length,
      added,
      duplicates: prepared.length - added,
      sentences: prepared.reduce((n, a) => n + a.sentences.length, 0),
      addSeconds: round(addSeconds),
      articlesPerSecond: Math.round(prepared.length / addSeconds),
      dbMiB: round(dbBytes / 2 ** 20),
      queries: queries.length,
      searchMedianMs: round(quantile(times, 0.5)),
      searchP95Ms: round(quantile(times, 0.95)),
      meanHits: round(hits / Math.max(1, queries.length)),
    };
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function prepare(row: { title: string; text: string }): PreparedArticle {
  const text = cleanArticleText(row.text);
  return {
    title: row.title,
    text,
    contentHash: contentHash(text),
    sentences: splitSentences(text),
    analysis: emptyAnalysis(),
  };
}

/** Content words of evenly spaced titles: the kind of short OR query a follow-up question makes. */
function titleQueries(rows: { title: string }[], count: number): string[][] {
  const queries: string[][] = [];
  const step = Math.max(1, Math.floor(rows.length / count));
  for (let i = 0; i < rows.length && queries.length < count; i += step) {
    const terms = words(rows[i]!.title).filter((w) => w.length > 2 && !STOPWORDS.has(w));
    if (terms.length > 0) queries.push(terms);
  }
  return queries;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runStoreBench();
  console.log(
    `added ${result.added}/${result.articles} articles (${result.duplicates} duplicates, ${result.sentences} sentences) ` +
      `in ${result.addSeconds} s: ${result.articlesPerSecond} articles/s, ${result.dbMiB} MiB`,
  );
  console.log(
    `BM25 search, ${result.queries} title queries: median ${result.searchMedianMs} ms, p95 ${result.searchP95Ms} ms, ` +
      `${result.meanHits} hits/query`,
  );
}
