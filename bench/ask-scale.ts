/**
 * `/ask` as a server grows (issue 10's retrieval target: p95 ≤ 10 ms, p99 ≤ 50 ms of engine time at
 * 100,000 articles). For each size, a data dir of that many distinct articles (bench/ask-corpus.ts,
 * built once and reused) is opened in process and 300 questions are answered with the offline
 * engine: engine time is retrieval, scoring and answer composition, process start-up apart. The
 * store's searchPassages is timed on its own as well. The floor, in the same run, is a bare
 * better-sqlite3 FTS5 table holding the same sentences as the same search tokens, queried with each
 * question's words (bm25, LIMIT 60).
 * Usage: npm run bench -- --only ask-scale [--quick] [--sizes 2225,10000] [--ask-dir DIR]
 *   DIR keeps the built data dirs (default: the system temp dir); a 100,000 build takes a while.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { answerQuestion } from '../src/briefing/answer-question.ts';
import { searchTerms } from '../src/briefing/search-terms.ts';
import type { Services } from '../src/briefing/services.ts';
import { systemClock } from '../src/core/clock.ts';
import { silentLogger } from '../src/core/logger.ts';
import { OfflineEngine } from '../src/llm/offline/offline-engine.ts';
import type { ArticleStore } from '../src/store/article-store.ts';
import { searchText, searchTokens } from '../src/store/search-tokens.ts';
import { SqliteArticleStore } from '../src/store/sqlite/sqlite-article-store.ts';
import { storeServices } from '../src/store/store-services.ts';
import { ASK_TENANT, askCorpus } from './ask-corpus.ts';
import { percentile, readJsonl } from './datasets.ts';
import { makeQuestions } from './scale.ts';
import type { SourceArticle } from './scale-corpus.ts';

export interface AskScaleRow {
  articles: number;
  sentences: number;
  questions: number;
  /** Seconds the store took to open (migrations included, on a dir built by an older schema). */
  openSeconds: number;
  askP50Ms: number;
  askP95Ms: number;
  askP99Ms: number;
  /** CPU time (user + system) of the same questions: the wall times include waiting for a busy machine. */
  askCpuP50Ms: number;
  askCpuP95Ms: number;
  askCpuP99Ms: number;
  /**
   * Each question's fastest of three more runs (wall): on a machine shared with other work, the
   * closest to the engine's own time (a running bot has its phrase counts warm, as here).
   */
  askBestOf3P50Ms: number;
  askBestOf3P95Ms: number;
  askBestOf3P99Ms: number;
  /** The store's searchPassages calls alone, per question. */
  searchP50Ms: number;
  searchP95Ms: number;
  searchP99Ms: number;
  floorP50Ms: number;
  floorP95Ms: number;
  floorP99Ms: number;
  askP95VsFloor: number;
}

/** The sizes of the table; `--quick` keeps the small ones; `--sizes a,b` picks. */
export function askScaleSizes(argv: string[]): number[] {
  const at = argv.indexOf('--sizes');
  if (at >= 0)
    return (argv[at + 1] ?? '')
      .split(',')
      .map(Number)
      .filter((n) => Number.isSafeInteger(n) && n > 0);
  return argv.includes('--quick') ? [2_225, 10_000] : [2_225, 10_000, 100_000];
}

/** Where built data dirs are kept: `--ask-dir DIR`, else the system temp dir. */
export function askScaleDir(argv: string[]): string {
  const at = argv.indexOf('--ask-dir');
  return at >= 0 && argv[at + 1] ? argv[at + 1]! : join(tmpdir(), 'briefing-ask-scale');
}

/** Runs every size; undefined when the BBC dataset is missing. */
export async function runAskScaleBench(
  sizes: number[],
  root: string,
  questionCount = 300,
): Promise<AskScaleRow[] | undefined> {
  const bbc = readJsonl<SourceArticle>('bbc-news-2225.jsonl');
  if (!bbc) return undefined;
  const rows: AskScaleRow[] = [];
  for (const size of sizes) {
    const dir = join(root, String(size));
    if (!existsSync(join(dir, `done-${size}`)))
      process.stderr.write(`ask-scale: building ${size} articles in ${dir} (once)\n`);
    const file = await askCorpus(dir, size, bbc);
    const row = await measure(file, join(dir, 'floor.db'), makeQuestions(bbc, size, questionCount), size);
    process.stdout.write(`${JSON.stringify(row)}\n`);
    rows.push(row);
  }
  return rows;
}

async function measure(
  file: string,
  floorFile: string,
  questions: string[],
  size: number,
): Promise<AskScaleRow> {
  const t0 = performance.now();
  const store = SqliteArticleStore.open({ path: file, clock: systemClock });
  const openSeconds = (performance.now() - t0) / 1000;
  let searchMs = 0;
  const timedStore = timingSearch(store, (ms) => {
    searchMs += ms;
  });
  const services: Services = storeServices(
    { ...store.backend(), store: timedStore },
    { engine: new OfflineEngine(), clock: systemClock, logger: silentLogger },
  );
  const ask: number[] = [];
  const cpu: number[] = [];
  const search: number[] = [];
  const best: number[] = [];
  try {
    // A few questions first, so the timings are of a warm process, as a running bot is.
    for (const q of questions.slice(0, 5))
      await answerQuestion(services, ASK_TENANT, { question: q, conversationId: 'warm' });
    for (const [i, question] of questions.entries()) {
      searchMs = 0;
      const t = performance.now();
      const c = process.cpuUsage();
      await answerQuestion(services, ASK_TENANT, { question, conversationId: `q-${i}` });
      const d = process.cpuUsage(c);
      ask.push(performance.now() - t);
      cpu.push((d.user + d.system) / 1000);
      search.push(searchMs);
    }
    for (let round = 0; round < 3; round++) {
      for (const [i, question] of questions.entries()) {
        const t = performance.now();
        await answerQuestion(services, ASK_TENANT, { question, conversationId: `r${round}-${i}` });
        best[i] = Math.min(best[i] ?? Number.POSITIVE_INFINITY, performance.now() - t);
      }
    }
  } finally {
    await store.close();
  }
  const floor = runFloor(file, floorFile, questions);
  const p = (xs: number[], q: number) =>
    round(
      percentile(
        [...xs].sort((a, b) => a - b),
        q,
      ),
    );
  return {
    articles: size,
    sentences: floor.sentences,
    questions: questions.length,
    openSeconds: round(openSeconds),
    askP50Ms: p(ask, 50),
    askP95Ms: p(ask, 95),
    askP99Ms: p(ask, 99),
    askCpuP50Ms: p(cpu, 50),
    askCpuP95Ms: p(cpu, 95),
    askCpuP99Ms: p(cpu, 99),
    askBestOf3P50Ms: p(best, 50),
    askBestOf3P95Ms: p(best, 95),
    askBestOf3P99Ms: p(best, 99),
    searchP50Ms: p(search, 50),
    searchP95Ms: p(search, 95),
    searchP99Ms: p(search, 99),
    floorP50Ms: p(floor.times, 50),
    floorP95Ms: p(floor.times, 95),
    floorP99Ms: p(floor.times, 99),
    askP95VsFloor: round(p(ask, 95) / p(floor.times, 95)),
  };
}

/** The store with its searchPassages timed (the rest passes through). */
export function timingSearch(store: ArticleStore, add: (ms: number) => void): ArticleStore {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      if (key !== 'searchPassages') return value.bind(target);
      return async (...args: Parameters<ArticleStore['searchPassages']>) => {
        const t = performance.now();
        try {
          return await target.searchPassages(...args);
        } finally {
          add(performance.now() - t);
        }
      };
    },
  });
}

/**
 * The bare FTS5 floor: one table of every sentence of the data dir as search tokens (built once
 * beside it), each question's words OR-ed as phrases, bm25, LIMIT 60.
 */
function runFloor(source: string, file: string, questions: string[]): { sentences: number; times: number[] } {
  const db = new Database(file);
  try {
    if (!db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'f'").get()) {
      const from = new Database(source, { readonly: true });
      db.exec("CREATE VIRTUAL TABLE f USING fts5 (tokens, tokenize = 'unicode61 remove_diacritics 0')");
      const insert = db.prepare<[string]>('INSERT INTO f (tokens) VALUES (?)');
      db.transaction(() => {
        for (const row of from
          .prepare<[], { text: string }>('SELECT text FROM passages ORDER BY id')
          .iterate())
          insert.run(searchText(row.text));
      })();
      from.close();
    }
    const sentences = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM f').get()!.n;
    const search = db.prepare<[string]>(
      'SELECT rowid, bm25(f) AS score FROM f WHERE f MATCH ? ORDER BY score LIMIT 60',
    );
    const times: number[] = [];
    for (const q of questions) {
      const phrases = [
        ...new Set(
          searchTerms(q)
            .map((w) => searchTokens(w).join(' '))
            .filter(Boolean),
        ),
      ];
      if (phrases.length === 0) continue;
      const match = phrases.map((p) => `"${p}"`).join(' OR ');
      const t = performance.now();
      search.all(match);
      times.push(performance.now() - t);
    }
    return { sentences, times };
  } finally {
    db.close();
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await runAskScaleBench(askScaleSizes(process.argv), askScaleDir(process.argv)));
}
