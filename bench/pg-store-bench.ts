/**
 * The article store on SQLite and on PostgreSQL in the same run, on the same articles: N articles
 * varied from the BBC set (bench/scale-corpus.ts), stored in batches as bulk ingest does (empty
 * analyses: this measures the store, not the engine), then BM25 searches of title words.
 * Needs PostgreSQL on 127.0.0.1:5432 (a schema of its own, dropped after).
 * Run: npm run bench -- --only pg-store [--articles 10000 | --quick]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../src/core/clock.ts';
import type { PreparedArticle } from '../src/core/types.ts';
import type { ArticleStore } from '../src/store/article-store.ts';
import { openPostgresBackend } from '../src/store/postgres/pg-backend.ts';
import { SqliteArticleStore } from '../src/store/sqlite/sqlite-article-store.ts';
import { cleanArticleText } from '../src/text/clean.ts';
import { contentHash } from '../src/text/hash.ts';
import { splitSentences } from '../src/text/sentences.ts';
import { STOPWORDS, words } from '../src/text/tokens.ts';
import { createTestSchema } from '../tests/helpers/pg-schema.ts';
import { emptyAnalysis } from '../tests/store/prepared-article.ts';
import { percentile, readJsonl } from './datasets.ts';
import { type SourceArticle, variantArticle } from './scale-corpus.ts';

const TENANT = 'bench';
const BATCH = 50;

interface EngineRow {
  engine: string;
  articles: number;
  ingestPerSecond: number;
  searchP50Ms: number;
  searchP95Ms: number;
  meanHits: number;
  dbMiB: number;
}

async function measure(
  engine: string,
  store: ArticleStore,
  articles: PreparedArticle[],
  queries: string[][],
  size: () => Promise<number>,
): Promise<EngineRow> {
  const start = performance.now();
  for (let i = 0; i < articles.length; i += BATCH)
    await store.addArticles(TENANT, articles.slice(i, i + BATCH));
  const seconds = (performance.now() - start) / 1000;
  const times: number[] = [];
  let hits = 0;
  for (const terms of queries) {
    const t0 = performance.now();
    hits += (await store.searchPassages(TENANT, { terms, limit: 60 })).length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    engine,
    articles: articles.length,
    ingestPerSecond: Math.round(articles.length / seconds),
    searchP50Ms: round(percentile(times, 50)),
    searchP95Ms: round(percentile(times, 95)),
    meanHits: round(hits / Math.max(1, queries.length)),
    dbMiB: round((await size()) / 2 ** 20),
  };
}

function prepare(source: SourceArticle): PreparedArticle {
  const text = cleanArticleText(source.text);
  return {
    title: source.title,
    text,
    contentHash: contentHash(text),
    sentences: splitSentences(text),
    analysis: emptyAnalysis(),
  };
}

/** `--articles N` (default 10,000; `--quick` 3,000). */
export function pgStoreBenchSize(argv: string[]): number {
  const flag = argv.indexOf('--articles');
  if (flag > 0) return Number(argv[flag + 1]);
  return argv.includes('--quick') ? 3_000 : 10_000;
}

/**
 * Both engines on the same articles and questions; undefined without the BBC set. SQLite's row is
 * the floor PostgreSQL is compared with (ratios printed beside it).
 */
export async function runPgStoreBench(
  count: number,
): Promise<{ rows: EngineRow[]; ratios: object } | undefined> {
  const bbc = readJsonl<SourceArticle>('bbc-news-2225.jsonl');
  if (!bbc) return undefined;
  const articles = Array.from({ length: count }, (_, i) => prepare(variantArticle(bbc, i)));
  const step = Math.max(1, Math.floor(bbc.length / 300));
  const queries = bbc
    .filter((_, i) => i % step === 0)
    .map((a) => words(a.title).filter((w) => w.length > 2 && !STOPWORDS.has(w)))
    .filter((terms) => terms.length > 0);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-store-bench-'));
  const file = path.join(dir, 'bench.db');
  const sqlite = SqliteArticleStore.open({ path: file, clock: systemClock });
  const fileSize = async () =>
    [file, `${file}-wal`].reduce((n, f) => n + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
  const sqliteRow = await measure('sqlite', sqlite, articles, queries, fileSize);
  await sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });

  const schema = await createTestSchema('pg_store_bench');
  const pg = await openPostgresBackend({ url: schema.url, schema: schema.schema, clock: systemClock });
  try {
    const schemaSize = async () => {
      await pg.db.query('analyze', 'ANALYZE');
      const r = await pg.db.query<{ bytes: string }>(
        'size',
        `SELECT sum(pg_total_relation_size(c.oid))::bigint AS bytes FROM pg_class AS c
         JOIN pg_namespace AS n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
        [schema.schema],
      );
      return Number(r.rows[0]?.bytes ?? 0);
    };
    const pgRow = await measure('postgres', pg.store, articles, queries, schemaSize);
    const ratio = (a: number, b: number) => Math.round((a / Math.max(b, 1e-9)) * 100) / 100;
    return {
      rows: [sqliteRow, pgRow],
      ratios: {
        ingestPgOverSqlite: ratio(pgRow.ingestPerSecond, sqliteRow.ingestPerSecond),
        searchP95PgOverSqlite: ratio(pgRow.searchP95Ms, sqliteRow.searchP95Ms),
        sizePgOverSqlite: ratio(pgRow.dbMiB, sqliteRow.dbMiB),
      },
    };
  } finally {
    await pg.close();
    await schema.drop();
  }
}
