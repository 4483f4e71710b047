/**
 * SQLite and PostgreSQL in the same run on the same articles (issue 12's benchmark): N articles
 * varied from the BBC set (bench/scale-corpus.ts), each checked, signed and analysed ONCE by the
 * ingest pipeline with the offline engine, then stored in batches of 32 on both engines (each
 * engine's store time is measured on its own, so "ingest articles/s" is the store's share with
 * the analysis timed apart). Then on each engine, through the use-cases the commands call: `/ask`
 * (answerQuestion; the store's searchPassages timed alone too), `/actors` (listActors, 20 shown),
 * `/brief` (buildBriefing, standard length, on a topic), and the database's size.
 * Needs PostgreSQL on 127.0.0.1:5432 (a schema of its own, dropped after).
 * Run: npm run bench -- --only pg-store [--articles 100000 | --quick]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { listActors } from '../src/briefing/actor-directory.ts';
import { answerQuestion } from '../src/briefing/answer-question.ts';
import { buildBriefing } from '../src/briefing/build-briefing.ts';
import { analyseChecked, checkArticle } from '../src/briefing/ingest-article.ts';
import type { Services } from '../src/briefing/services.ts';
import { systemClock } from '../src/core/clock.ts';
import { silentLogger } from '../src/core/logger.ts';
import type { PreparedArticle } from '../src/core/types.ts';
import { minhashSignature } from '../src/dedup/minhash.ts';
import { OfflineEngine } from '../src/llm/offline/offline-engine.ts';
import type { Backend } from '../src/store/backend.ts';
import { openSqliteBackend } from '../src/store/open-backend.ts';
import { openPostgresBackend } from '../src/store/postgres/pg-backend.ts';
import { storeServices } from '../src/store/store-services.ts';
import { STOPWORDS, words } from '../src/text/tokens.ts';
import { createTestSchema } from '../tests/helpers/pg-schema.ts';
import { timingSearch } from './ask-scale.ts';
import { percentile, readJsonl } from './datasets.ts';
import { makeQuestions } from './scale.ts';
import { type SourceArticle, variantArticle } from './scale-corpus.ts';

const TENANT = 'bench';
/** As bulk ingest commits (IngestBatch's default). */
const BATCH = 32;
const QUESTIONS = 200;
const LISTINGS = 20;
const BRIEFINGS = 20;

interface EngineRow {
  engine: string;
  articles: number;
  /** Articles stored per second of this engine's store time (analysis apart, shared by both). */
  storePerSecond: number;
  askP50Ms: number;
  askP95Ms: number;
  searchP50Ms: number;
  searchP95Ms: number;
  actorsP50Ms: number;
  actorsP95Ms: number;
  briefP50Ms: number;
  briefP95Ms: number;
  dbMiB: number;
}

interface Engine {
  name: string;
  backend: Backend;
  size: () => Promise<number>;
  storeMs: number;
}

const round = (n: number) => Math.round(n * 100) / 100;
const p = (xs: number[], q: number) =>
  round(
    percentile(
      [...xs].sort((a, b) => a - b),
      q,
    ),
  );

/** `--articles N` (default 10,000; `--quick` 3,000). */
export function pgStoreBenchSize(argv: string[]): number {
  const flag = argv.indexOf('--articles');
  if (flag > 0) return Number(argv[flag + 1]);
  return argv.includes('--quick') ? 3_000 : 10_000;
}

/** The articles of the run, a batch at a time: checked, signed and analysed as `ingest` does. */
async function* preparedBatches(
  bbc: SourceArticle[],
  count: number,
  engine: OfflineEngine,
  analysisMs: { total: number },
): AsyncGenerator<PreparedArticle[]> {
  let batch: PreparedArticle[] = [];
  for (let i = 0; i < count; i++) {
    const source = variantArticle(bbc, i);
    const t = performance.now();
    const checked = checkArticle({ title: source.title, text: source.text });
    if (!checked.ok) continue;
    const signature = minhashSignature(checked.value.text);
    batch.push(await analyseChecked(checked.value, engine, TENANT, signature));
    analysisMs.total += performance.now() - t;
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

async function timeEach<T>(items: T[], run: (item: T, i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (const [i, item] of items.entries()) {
    const t = performance.now();
    await run(item, i);
    times.push(performance.now() - t);
  }
  return times;
}

async function measureReads(
  engine: Engine,
  articles: number,
  questions: string[],
  topics: string[],
): Promise<EngineRow> {
  let searchMs = 0;
  const store = timingSearch(engine.backend.store, (ms) => {
    searchMs += ms;
  });
  const services: Services = storeServices(
    { ...engine.backend, store },
    { engine: new OfflineEngine(), clock: systemClock, logger: silentLogger },
  );
  // Warm, as a running bot is.
  for (const q of questions.slice(0, 5))
    await answerQuestion(services, TENANT, { question: q, conversationId: 'warm' });
  const search: number[] = [];
  const ask = await timeEach(questions, async (question, i) => {
    searchMs = 0;
    await answerQuestion(services, TENANT, { question, conversationId: `${engine.name}-q${i}` });
    search.push(searchMs);
  });
  const actors = await timeEach(Array.from({ length: LISTINGS }), () =>
    listActors(services, TENANT, { limit: 20 }),
  );
  const brief = await timeEach(topics, (topic, i) =>
    buildBriefing(services, TENANT, { topic, length: 'standard', conversationId: `${engine.name}-b${i}` }),
  );
  return {
    engine: engine.name,
    articles,
    storePerSecond: Math.round(articles / (engine.storeMs / 1000)),
    askP50Ms: p(ask, 50),
    askP95Ms: p(ask, 95),
    searchP50Ms: p(search, 50),
    searchP95Ms: p(search, 95),
    actorsP50Ms: p(actors, 50),
    actorsP95Ms: p(actors, 95),
    briefP50Ms: p(brief, 50),
    briefP95Ms: p(brief, 95),
    dbMiB: round((await engine.size()) / 2 ** 20),
  };
}

/**
 * Both engines on the same articles and questions; undefined without the BBC set. SQLite's row is
 * the floor PostgreSQL is compared with (ratios printed beside it).
 */
export async function runPgStoreBench(count: number): Promise<object | undefined> {
  const bbc = readJsonl<SourceArticle>('bbc-news-2225.jsonl');
  if (!bbc) return undefined;
  const questions = makeQuestions(bbc, count, QUESTIONS);
  const step = Math.max(1, Math.floor(bbc.length / BRIEFINGS));
  const topics = bbc
    .filter((_, i) => i % step === 0)
    .slice(0, BRIEFINGS)
    .map((a) => words(a.title).filter((w) => w.length > 3 && !STOPWORDS.has(w))[0] ?? 'government');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-store-bench-'));
  const file = path.join(dir, 'briefing.db');
  const schema = await createTestSchema('pg_store_bench');
  const engines: Engine[] = [];
  try {
    engines.push({
      name: 'sqlite',
      backend: openSqliteBackend(dir, systemClock),
      size: async () =>
        [file, `${file}-wal`].reduce((n, f) => n + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0),
      storeMs: 0,
    });
    const pg = await openPostgresBackend({ url: schema.url, schema: schema.schema, clock: systemClock });
    engines.push({
      name: 'postgres',
      backend: pg,
      size: async () => {
        await pg.db.query('analyze', 'ANALYZE');
        const r = await pg.db.query<{ bytes: string }>(
          'size',
          `SELECT sum(pg_total_relation_size(c.oid))::bigint AS bytes FROM pg_class AS c
           JOIN pg_namespace AS n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
          [schema.schema],
        );
        return Number(r.rows[0]?.bytes ?? 0);
      },
      storeMs: 0,
    });
    const analysisMs = { total: 0 };
    let stored = 0;
    for await (const batch of preparedBatches(bbc, count, new OfflineEngine(), analysisMs)) {
      for (const engine of engines) {
        const t = performance.now();
        await engine.backend.store.addArticles(TENANT, batch);
        engine.storeMs += performance.now() - t;
      }
      stored += batch.length;
      if (stored % 5_000 < BATCH) process.stderr.write(`pg-store: ${stored} of ${count} stored on both\n`);
    }
    const rows: EngineRow[] = [];
    for (const engine of engines) rows.push(await measureReads(engine, stored, questions, topics));
    const [sqliteRow, pgRow] = rows as [EngineRow, EngineRow];
    const ratio = (a: number, b: number) => round(a / Math.max(b, 1e-9));
    return {
      articles: stored,
      analysisPerSecond: Math.round(stored / (analysisMs.total / 1000)),
      rows,
      ratios: {
        storePgOverSqlite: ratio(pgRow.storePerSecond, sqliteRow.storePerSecond),
        askP95PgOverSqlite: ratio(pgRow.askP95Ms, sqliteRow.askP95Ms),
        actorsP95PgOverSqlite: ratio(pgRow.actorsP95Ms, sqliteRow.actorsP95Ms),
        briefP95PgOverSqlite: ratio(pgRow.briefP95Ms, sqliteRow.briefP95Ms),
        sizePgOverSqlite: ratio(pgRow.dbMiB, sqliteRow.dbMiB),
      },
    };
  } finally {
    for (const engine of engines) await engine.backend.close();
    fs.rmSync(dir, { recursive: true, force: true });
    await schema.drop();
  }
}
