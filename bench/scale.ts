/**
 * The embedded default as a server grows (issue 10): for each size, a corpus varied from the BBC
 * set is ingested through the real CLI (one process, whole pipeline, offline engine), then /ask,
 * /actors and /actor are timed in process (engine time: retrieval, scoring, composition; start-up
 * apart) and a shell answering questions is measured for peak RSS. The floor is a bare
 * better-sqlite3 FTS5 script on the same texts in the same run: insert every sentence, then rank
 * each question's words with bm25 and LIMIT 60.
 * Usage: node --import tsx bench/scale.ts [--quick] [--sizes 2225,10000]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { actorProfile, listActors } from '../src/briefing/actor-directory.ts';
import { answerQuestion } from '../src/briefing/answer-question.ts';
import { searchTerms } from '../src/briefing/search-terms.ts';
import type { Services } from '../src/briefing/services.ts';
import { systemClock } from '../src/core/clock.ts';
import { silentLogger } from '../src/core/logger.ts';
import { OfflineEngine } from '../src/llm/offline/offline-engine.ts';
import { toFtsMatch } from '../src/store/sqlite/fts-query.ts';
import { SqliteArticleStore } from '../src/store/sqlite/sqlite-article-store.ts';
import { storeServices } from '../src/store/store-services.ts';
import { percentile, readJsonl } from './datasets.ts';
import { type SourceArticle, variantArticle, writeCorpus } from './scale-corpus.ts';

const BIN = resolve(import.meta.dirname, '../bin/briefing-bot');
const TENANT = 'bench';

export interface ScaleRow {
  articles: number;
  ingestSeconds: number;
  /** CPU seconds (user + system) of the ingest process: what "on one core" means on a shared machine. */
  ingestCpuSeconds: number;
  ingestPerCpuSecond: number;
  ingestPeakRssMiB: number;
  floorIngestSeconds: number;
  ingestVsFloor: number;
  questions: number;
  askP50Ms: number;
  askP95Ms: number;
  askP99Ms: number;
  /** The same questions' CPU time in the process: the wall times above include waiting for a busy machine. */
  askCpuP50Ms: number;
  askCpuP95Ms: number;
  askCpuP99Ms: number;
  floorP95Ms: number;
  floorCpuP95Ms: number;
  askP95VsFloor: number;
  actorsAllMs: number;
  actorProfileMedianMs: number;
  shellPeakRssMiB: number;
  /**
   * Answers that hold what was asked, per question kind: "What happened: <headline>?" cites an
   * article with that headline (any edition); "Who is X?" and "What did Y say?" name the person.
   * Speed at a size means little if the answers there are wrong.
   */
  answeredRight: Record<QuestionKind, string>;
}

type QuestionKind = 'whoIs' | 'whatSaid' | 'whatHappened';

/** Runs the table for each size; undefined when the BBC dataset is missing. */
export async function runScaleBench(sizes: number[], questionCount = 300): Promise<ScaleRow[] | undefined> {
  const bbc = readJsonl<SourceArticle>('bbc-news-2225.jsonl');
  if (!bbc) return undefined;
  const rows: ScaleRow[] = [];
  for (const size of sizes) {
    const row = await runSize(bbc, size, questionCount);
    process.stdout.write(`${JSON.stringify(row)}\n`);
    rows.push(row);
  }
  return rows;
}

async function runSize(bbc: SourceArticle[], size: number, questionCount: number): Promise<ScaleRow> {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-scale-'));
  try {
    const corpus = join(dir, 'corpus');
    const data = join(dir, 'data');
    mkdirSync(data);
    writeCorpus(bbc, size, corpus);
    const ingest = timed(['ingest', '--data-dir', data, '--guild', TENANT, corpus]);
    const questions = makeQuestions(bbc, size, questionCount);
    const floor = runFloor(bbc, size, questions, join(dir, 'floor.db'));

    const store = SqliteArticleStore.open({ path: join(data, 'briefing.db'), clock: systemClock });
    const services: Services = {
      ...storeServices(store.backend(), {
        engine: new OfflineEngine(),
        clock: systemClock,
        logger: silentLogger,
      }),
    };
    const ask: number[] = [];
    const askCpu: number[] = [];
    const actors: number[] = [];
    const profiles: number[] = [];
    const right = {
      whoIs: { n: 0, right: 0 },
      whatSaid: { n: 0, right: 0 },
      whatHappened: { n: 0, right: 0 },
    };
    try {
      // A few questions first, so the timings are of a warm process, as a running bot is.
      for (const q of questions.slice(0, 5))
        await answerQuestion(services, TENANT, { question: q, conversationId: 'warm' });
      for (const [i, question] of questions.entries()) {
        const t = performance.now();
        const c = process.cpuUsage();
        const answer = await answerQuestion(services, TENANT, { question, conversationId: `q-${i}` });
        askCpu.push(cpuMs(c));
        ask.push(performance.now() - t);
        const kind = kindOf(question);
        right[kind].n++;
        if (holdsAsked(question, answer)) right[kind].right++;
      }
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await listActors(services, TENANT, { limit: 20 });
        actors.push(performance.now() - t);
      }
      const top = (await listActors(services, TENANT, { limit: 10 }))?.actors ?? [];
      for (const a of top) {
        const t = performance.now();
        await actorProfile(services, TENANT, a.name);
        profiles.push(performance.now() - t);
      }
    } finally {
      await store.close();
    }
    const shell = timed(
      ['shell', '--data-dir', data, '--guild', TENANT],
      questions
        .slice(0, 30)
        .map((q) => `/ask ${q}`)
        .join('\n'),
    );
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const askSorted = sorted(ask);
    const askP95 = percentile(askSorted, 95);
    return {
      articles: size,
      ingestSeconds: round(ingest.seconds, 1),
      ingestCpuSeconds: round(ingest.cpuSeconds, 1),
      ingestPerCpuSecond: Math.round(size / ingest.cpuSeconds),
      ingestPeakRssMiB: ingest.peakMiB,
      floorIngestSeconds: round(floor.ingestSeconds, 1),
      ingestVsFloor: round(ingest.seconds / floor.ingestSeconds, 1),
      questions: questions.length,
      askP50Ms: round(percentile(askSorted, 50), 1),
      askP95Ms: round(askP95, 1),
      askP99Ms: round(percentile(askSorted, 99), 1),
      askCpuP50Ms: round(percentile(sorted(askCpu), 50), 1),
      askCpuP95Ms: round(percentile(sorted(askCpu), 95), 1),
      askCpuP99Ms: round(percentile(sorted(askCpu), 99), 1),
      floorP95Ms: round(floor.p95Ms, 1),
      floorCpuP95Ms: round(floor.cpuP95Ms, 1),
      askP95VsFloor: round(askP95 / floor.p95Ms, 1),
      actorsAllMs: round(percentile(sorted(actors), 50), 1),
      actorProfileMedianMs: round(percentile(sorted(profiles), 50), 1),
      shellPeakRssMiB: shell.peakMiB,
      answeredRight: {
        whoIs: `${right.whoIs.right}/${right.whoIs.n}`,
        whatSaid: `${right.whatSaid.right}/${right.whatSaid.n}`,
        whatHappened: `${right.whatHappened.right}/${right.whatHappened.n}`,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Questions a reader might ask: about people named in the articles, and about the stories. */
export function makeQuestions(bbc: SourceArticle[], size: number, count: number): string[] {
  const out: string[] = [];
  const step = Math.max(1, Math.floor(size / count));
  for (let i = 0; out.length < count && i < size; i += step) {
    const a = variantArticle(bbc, i);
    const person = a.text.match(/\b[A-Z][a-z]+ [A-Z][a-z]{2,}\b/)?.[0];
    const kind = out.length % 3;
    if (kind === 0 && person) out.push(`Who is ${person}?`);
    else if (kind === 1 && person) out.push(`What did ${person.split(' ')[1]} say?`);
    else out.push(`What happened: ${a.title.replace(/ \(edition \d+\)$/, '')}?`);
  }
  return out;
}

function kindOf(question: string): QuestionKind {
  if (question.startsWith('What happened: ')) return 'whatHappened';
  return question.startsWith('Who is ') ? 'whoIs' : 'whatSaid';
}

const withoutEdition = (title: string) => title.replace(/ \(edition \d+\)$/, '').toLowerCase();

/** Whether a supported answer holds what {@link makeQuestions}' question asked (see ScaleRow.answeredRight). */
function holdsAsked(
  question: string,
  answer: { supported: boolean; text: string; sources: { title: string }[] },
): boolean {
  if (!answer.supported) return false;
  if (kindOf(question) === 'whatHappened') {
    const headline = withoutEdition(question.slice('What happened: '.length, -1));
    return answer.sources.some((s) => withoutEdition(s.title) === headline);
  }
  const name = /^(?:Who is (.+)|What did (.+) say)\?$/.exec(question)?.slice(1).find(Boolean);
  return name !== undefined && answer.text.includes(name);
}

/** The bare FTS5 script: what SQLite alone costs for the same texts and questions. */
function runFloor(bbc: SourceArticle[], size: number, questions: string[], file: string) {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE VIRTUAL TABLE f USING fts5 (text, tokenize = 'porter unicode61 remove_diacritics 2')`);
    const insert = db.prepare('INSERT INTO f (text) VALUES (?)');
    const t0 = performance.now();
    db.transaction(() => {
      for (let i = 0; i < size; i++) {
        for (const s of variantArticle(bbc, i).text.split(/(?<=[.!?])\s+/)) if (s.trim()) insert.run(s);
      }
    })();
    const ingestSeconds = (performance.now() - t0) / 1000;
    const search = db.prepare(
      'SELECT rowid, bm25(f) AS score FROM f WHERE f MATCH ? ORDER BY score LIMIT 60',
    );
    const times: number[] = [];
    const cpu: number[] = [];
    for (const q of questions) {
      const match = toFtsMatch(searchTerms(q));
      if (!match) continue;
      const t = performance.now();
      const c = process.cpuUsage();
      search.all(match);
      cpu.push(cpuMs(c));
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    return { ingestSeconds, p95Ms: percentile(times, 95), cpuP95Ms: percentile(cpu, 95) };
  } finally {
    db.close();
  }
}

/** Runs the CLI under /usr/bin/time: wall seconds and peak resident memory. */
function timed(args: string[], input?: string): { seconds: number; cpuSeconds: number; peakMiB: number } {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'peak-kib %M cpu %U %S', process.execPath, BIN, ...args], {
    input: input ?? '',
    stdio: ['pipe', 'ignore', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, BRIEFING_LLM: 'offline', BRIEFING_LOG_LEVEL: 'silent' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - t) / 1000;
  // ingest exits 1 when a file was rejected (a copy too short, say); anything else is a failure.
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`${args[0]} exited ${r.status}: ${r.stderr.slice(-500)}`);
  const kib = Number(/peak-kib (\d+)/.exec(r.stderr ?? '')?.[1] ?? Number.NaN);
  const cpu = /cpu ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  const cpuSeconds = cpu ? Number(cpu[1]) + Number(cpu[2]) : Number.NaN;
  return { seconds, cpuSeconds, peakMiB: Math.round(kib / 1024) };
}

/** CPU milliseconds (user + system) of this process since `start`. */
function cpuMs(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** The sizes of the table; `--quick` keeps the small ones. */
export function scaleSizes(argv: string[]): number[] {
  const at = argv.indexOf('--sizes');
  if (at >= 0)
    return (argv[at + 1] ?? '')
      .split(',')
      .map(Number)
      .filter((n) => n > 0);
  return argv.includes('--quick') ? [2_225, 10_000] : [2_225, 10_000, 100_000];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await runScaleBench(scaleSizes(process.argv)));
}
