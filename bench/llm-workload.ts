/**
 * What the LLM path costs on the two-server workload, run through the real pipeline
 * (ingestArticle, buildBriefing, answerQuestion, OpenAiEngine behind FallbackEngine, real openai
 * SDK) against the fake OpenAI server on 127.0.0.1 with a plausible fake model (no network).
 *
 * Workload: 50 distinct BBC politics articles; server A stores 1–30, server B 21–50 (10 shared).
 * Process 1, per server: ingest, /brief, a briefing thread of 3 questions with a pronoun
 * follow-up ("What did he say?"), 7 standalone questions (3 of them asked in both servers about
 * the shared articles). Process 2 (a restart: new engine and cache instance over the same cache
 * store): re-ingest every file, /brief again, 5 questions repeated verbatim (the thread's two
 * in the new briefing's thread), and a digest (a long briefing). 30 questions in all.
 *
 * Three configurations over the same workload:
 *   1. content-addressed: the product's KeyvLlmCache (one in-memory store shared by both
 *      processes, as the SQLite file or Redis is);
 *   2. no cache: every lookup computes, so every engine call reaches the fake;
 *   3. whole-prompt: a cache keyed on the exact request, simulated on run 2's request bodies
 *      (model + messages + response_format), counting a request only the first time it is seen.
 *
 * Why a repeat in a later process can still miss: the store's FTS5 index is one table for every
 * tenant, so BM25 statistics move when another server ingests, which can change the passages
 * shown (and so the answer's key) for the same question. With every ingest before the first
 * question, all 10 repeats are hits.
 *
 * Tokens are estimates: characters / 4 of the messages plus the response_format JSON (the schema
 * is counted), and characters / 4 of the reply. "Input tokens per distinct article token" divides
 * by characters / 4 of the 50 articles' titles and texts. Wall time is for a fake that answers at
 * once (plus `fakeLatencyMs`), so it mostly measures the bot's own work.
 *
 * Run: npm run bench -- --only llm-workload, or npx tsx bench/llm-workload.ts [--fake-latency-ms N]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { KeyvStoreAdapter } from 'keyv';
import OpenAI from 'openai';
import { answerQuestion } from '../src/briefing/answer-question.ts';
import { type Briefing, buildBriefing } from '../src/briefing/build-briefing.ts';
import { ingestArticle } from '../src/briefing/ingest-article.ts';
import type { Services } from '../src/briefing/services.ts';
import { FakeClock } from '../src/core/clock.ts';
import type { Logger } from '../src/core/logger.ts';
import { KeyvLlmCache } from '../src/llm/cache/keyv-llm-cache.ts';
import type { CacheKeyParts, CacheOutcome, LlmCache } from '../src/llm/cache/llm-cache.ts';
import { SqliteKeyvStore } from '../src/llm/cache/sqlite-keyv-store.ts';
import { FallbackEngine } from '../src/llm/fallback-engine.ts';
import { OfflineEngine } from '../src/llm/offline/offline-engine.ts';
import { OpenAiEngine } from '../src/llm/openai/openai-engine.ts';
import { DEFAULT_PRICES } from '../src/llm/prices.ts';
import { SqliteArticleStore } from '../src/store/sqlite/sqlite-article-store.ts';
import { delay, FakeOpenAiServer } from '../tests/fakes/fake-openai-server.ts';
import { plausibleModel } from '../tests/fakes/plausible-model.ts';
import { percentile, readJsonl } from './datasets.ts';

type Task = 'analyse' | 'brief' | 'answer';
const TASKS: Task[] = ['analyse', 'brief', 'answer'];

/** Calls and estimated tokens of one task (or of all). */
export interface Usage {
  calls: number;
  promptTokens: number;
  completionTokens: number;
}

/** What one configuration cost over the whole workload. */
export interface ConfigUsage extends Usage {
  byTask: Record<Task, Usage>;
  /** Wall time of the workload; null for the simulated whole-prompt cache. */
  wallMs: number | null;
}

/** LLM calls of one group of workload steps, per configuration. */
export interface StepGroupCalls {
  group: string;
  steps: number;
  noCache: number;
  contentAddressed: number;
  wholePrompt: number;
}

/** Hit latency of KeyvLlmCache.getOrCompute over one store, in milliseconds. */
export interface HitLatency {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  byTask: Record<Task, { p50Ms: number; p99Ms: number; meanValueBytes: number; entries: number }>;
}

/** A request the content-addressed run sent although the same exact body had been sent before. */
export interface ExactRepeat {
  task: Task;
  step: string;
  firstStep: string;
  /**
   * Positions of the cache key's `inputs` that differ between the two lookups (for answers:
   * 0 question, 1..n passages, then focus actors, then history), and whether the options differ.
   */
  keyDiff: { inputs: number[]; inputCount: number; options: boolean };
}

export interface LlmWorkloadResult {
  workload: {
    articles: number;
    servers: Record<string, string>;
    briefs: number;
    questions: number;
    /** Every question as asked, "ask <server>: <question>", in order. */
    asked: string[];
    digests: number;
    steps: number;
    /** Estimated tokens (characters / 4) of the distinct articles, title and text. */
    distinctArticleTokens: number;
  };
  configs: { contentAddressed: ConfigUsage; noCache: ConfigUsage; wholePrompt: ConfigUsage };
  /**
   * Input tokens per distinct article token, per configuration: of the analysis calls (goal ≤ 1.2)
   * and of the whole workload. Tokens are the characters / 4 estimate, schema included.
   */
  perArticleToken: Record<
    'contentAddressed' | 'noCache' | 'wholePrompt',
    { analyse: number; workload: number }
  >;
  /** Share of no-cache calls and prompt tokens each cache avoids. */
  savings: Record<'contentAddressed' | 'wholePrompt', { calls: number; promptTokens: number }>;
  /** Cache lookups of the content-addressed run: hits and misses by task. */
  lookups: Record<Task, { hits: number; misses: number }>;
  byStepGroup: StepGroupCalls[];
  exactRepeatsSent: ExactRepeat[];
  /** Warnings the engines logged (invalid output, fallbacks): 0 when every fake reply was used. */
  warnings: number;
  hitLatency: { memory: HitLatency; sqlite: HitLatency };
}

export interface LlmWorkloadOptions {
  /** Timed cache hits per store; default 5000. */
  hitSamples?: number;
  /** Delay the fake adds to every reply; default 0. */
  fakeLatencyMs?: number;
}

interface BbcArticle {
  id: string;
  category: string;
  title: string;
  text: string;
}

/** One request as the fake saw it, tied to the workload step that caused it. */
interface RecordedCall {
  task: Task;
  step: string;
  group: string;
  /** The exact request: what a whole-prompt cache would key on. */
  body: string;
  promptTokens: number;
  completionTokens: number;
}

interface StepInfo {
  label: string;
  group: string;
}

/** One configuration's run: what reached the fake, what the cache did, what was logged. */
interface RunRecord {
  calls: RecordedCall[];
  lookups: { step: string; parts: CacheKeyParts; hit: boolean; value: unknown }[];
  steps: StepInfo[];
  warnings: number;
  wallMs: number;
}

const MODEL = 'bench-model';
const SERVER_A = 'server-a';
const SERVER_B = 'server-b';

/** Runs the workload under each configuration, simulates the whole-prompt cache, times hits. */
export async function runLlmWorkloadBench(options: LlmWorkloadOptions = {}): Promise<LlmWorkloadResult> {
  const all = readJsonl<BbcArticle>('bbc-news-2225.jsonl');
  if (!all) throw new Error('bbc-news-2225.jsonl not found in ../shared/datasets');
  // One category, in dataset order, so briefings and digests are about related stories.
  // Distinct bodies only: the dataset repeats some, and the workload is about 50 distinct articles.
  const seenBodies = new Set<string>();
  const articles = all
    .filter((a) => a.category === 'politics' && !seenBodies.has(a.text) && seenBodies.add(a.text))
    .slice(0, ARTICLES);
  if (articles.length < ARTICLES)
    throw new Error(`fewer than ${ARTICLES} politics articles in bbc-news-2225.jsonl`);
  const fakeLatencyMs = options.fakeLatencyMs ?? 0;

  // Each run has its own store, fake and cache; an untimed run first keeps JIT warm-up out of
  // the wall time of whichever configuration would otherwise go first.
  await runWorkload(articles, () => new AlwaysCompute(), 0);
  const noCache = await runWorkload(articles, () => new AlwaysCompute(), fakeLatencyMs);
  // One backing store for every process, as the SQLite file or Redis is for a restarted bot.
  const backing = new Map<unknown, unknown>();
  const content = await runWorkload(
    articles,
    () => new KeyvLlmCache({ store: backing, logger: new CountingLogger() }),
    fakeLatencyMs,
  );
  const distinctArticleTokens = articles.reduce(
    (n, a) => n + Math.ceil(`${a.title}\n${a.text}`.length / 4),
    0,
  );

  const wholePromptCalls = dedupeByBody(noCache.calls);
  const configs = {
    contentAddressed: usageOf(content.calls, content.wallMs),
    noCache: usageOf(noCache.calls, noCache.wallMs),
    wholePrompt: usageOf(wholePromptCalls, null),
  };
  const share = (part: number, whole: number) => (whole === 0 ? 0 : round(1 - part / whole, 3));
  const lookups = Object.fromEntries(
    TASKS.map((t) => {
      const of = content.lookups.filter((l) => l.parts.task === t);
      return [t, { hits: of.filter((l) => l.hit).length, misses: of.filter((l) => !l.hit).length }];
    }),
  ) as Record<Task, { hits: number; misses: number }>;

  const entries = content.lookups.filter((l) => !l.hit);
  const hitSamples = options.hitSamples ?? 5000;
  const memory = await hitLatency(new Map<unknown, unknown>(), entries, hitSamples);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llm-workload-'));
  const sqliteStore = new SqliteKeyvStore({ path: path.join(dir, 'cache.db') });
  let sqlite: HitLatency;
  try {
    sqlite = await hitLatency(sqliteStore, entries, hitSamples);
  } finally {
    await sqliteStore.disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  return {
    workload: {
      articles: articles.length,
      servers: { A: 'politics #1-30', B: 'politics #21-50 (#21-30 in both)' },
      briefs: 4,
      questions: noCache.steps.filter((s) => s.label.startsWith('ask')).length,
      asked: noCache.steps.filter((s) => s.label.startsWith('ask')).map((s) => s.label),
      digests: 2,
      steps: noCache.steps.length,
      distinctArticleTokens,
    },
    configs,
    perArticleToken: Object.fromEntries(
      Object.entries(configs).map(([name, u]) => [
        name,
        {
          analyse: round(u.byTask.analyse.promptTokens / distinctArticleTokens, 3),
          workload: round(u.promptTokens / distinctArticleTokens, 3),
        },
      ]),
    ) as LlmWorkloadResult['perArticleToken'],
    savings: {
      contentAddressed: {
        calls: share(configs.contentAddressed.calls, configs.noCache.calls),
        promptTokens: share(configs.contentAddressed.promptTokens, configs.noCache.promptTokens),
      },
      wholePrompt: {
        calls: share(configs.wholePrompt.calls, configs.noCache.calls),
        promptTokens: share(configs.wholePrompt.promptTokens, configs.noCache.promptTokens),
      },
    },
    lookups,
    byStepGroup: stepGroups(noCache, content.calls, wholePromptCalls),
    exactRepeatsSent: exactRepeats(content),
    warnings: noCache.warnings + content.warnings,
    hitLatency: { memory, sqlite },
  };
}

/** The "no cache" configuration: every lookup computes and nothing is stored. */
class AlwaysCompute implements LlmCache {
  async getOrCompute<T>(
    _key: CacheKeyParts,
    compute: () => Promise<{ value: T; cacheable: boolean }>,
  ): Promise<CacheOutcome<T>> {
    return { value: (await compute()).value, hit: false };
  }
}

/** Wraps a cache to record every lookup: its key, outcome and value (hit latency reuses them). */
class RecordingCache implements LlmCache {
  constructor(
    private readonly inner: LlmCache,
    private readonly step: () => string,
    readonly lookups: RunRecord['lookups'],
  ) {}
  async getOrCompute<T>(
    key: CacheKeyParts,
    compute: () => Promise<{ value: T; cacheable: boolean }>,
  ): Promise<CacheOutcome<T>> {
    const outcome = await this.inner.getOrCompute(key, compute);
    this.lookups.push({ step: this.step(), parts: key, hit: outcome.hit, value: outcome.value });
    return outcome;
  }
}

/** Silent, but counts warnings: a fallback or an invalid fake reply would skew every number. */
class CountingLogger implements Logger {
  warnings = 0;
  info(): void {}
  warn(): void {
    this.warnings++;
  }
  error(): void {
    this.warnings++;
  }
}

/** Estimated input tokens of a request: messages and the response_format schema, characters / 4. */
export function requestTokens(body: { messages: { content: string }[]; response_format?: unknown }): number {
  const chars =
    body.messages.reduce((n, m) => n + m.content.length, 0) +
    (body.response_format ? JSON.stringify(body.response_format).length : 0);
  return Math.ceil(chars / 4);
}

const ARTICLES = 50;
/** Server A stores 1–30, server B 21–50: articles 21–30 are in both. */
const A_RANGE = [0, 30] as const;
const B_RANGE = [20, 50] as const;

/**
 * Runs the whole workload once over a fresh store and fake. `cacheFor` gives each simulated
 * process its cache (a new instance over the same backing store, as a restarted bot would open).
 */
async function runWorkload(
  articles: BbcArticle[],
  cacheFor: () => LlmCache,
  fakeLatencyMs: number,
): Promise<RunRecord> {
  const calls: RecordedCall[] = [];
  const steps: StepInfo[] = [];
  let current: StepInfo = { label: 'setup', group: 'setup' };
  const fake = await FakeOpenAiServer.start((body) => {
    const { response, task, completionChars } = plausibleModel(body);
    calls.push({
      task,
      step: current.label,
      group: current.group,
      body: JSON.stringify([body.model, body.messages, body.response_format ?? null]),
      promptTokens: requestTokens(body),
      completionTokens: Math.ceil(completionChars / 4),
    });
    return fakeLatencyMs > 0 ? delay(fakeLatencyMs, response) : response;
  });
  const clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
  const store = SqliteArticleStore.open({ path: ':memory:', clock });
  const logger = new CountingLogger();
  const lookups: RunRecord['lookups'] = [];
  try {
    const usage = store.usageLedger();
    /** A bot process: its own SDK client, engine (remembered modes, breaker) and cache instance. */
    const openProcess = (): Services => {
      const client = new OpenAI({
        apiKey: 'bench-key',
        baseURL: fake.baseURL,
        maxRetries: 0,
        timeout: 10_000,
      });
      const recording = new RecordingCache(cacheFor(), () => current.label, lookups);
      const engine = new FallbackEngine(
        new OpenAiEngine({ client, model: MODEL, cache: recording, usage, logger, clock }),
        new OfflineEngine(),
        logger,
      );
      return { store, engine, clock, logger, usage, prices: DEFAULT_PRICES, digests: store.digestStore() };
    };
    const step = async <R>(label: string, group: string, run: () => Promise<R>): Promise<R> => {
      current = { label, group };
      steps.push(current);
      // Distinct timestamps keep conversation turns and the ledger in a realistic order.
      clock.advance(60_000);
      return run();
    };
    const started = performance.now();
    const ids = new Map<string, Map<number, number>>([
      [SERVER_A, new Map()],
      [SERVER_B, new Map()],
    ]);
    const ingest = async (services: Services, tenant: string, index: number, group: string) => {
      const a = articles[index]!;
      const outcome = await step(`ingest ${tenant} #${index + 1}`, group, () =>
        // Article n is published n days after 2005-01-01, so "newest first" is a fixed order.
        ingestArticle(services, tenant, {
          title: a.title,
          text: a.text,
          source: 'BBC',
          publishedAt: new Date(Date.UTC(2005, 0, 1 + index)).toISOString().slice(0, 10),
        }),
      );
      if (!outcome.ok) throw new Error(`article ${a.id} was rejected`);
      ids.get(tenant)!.set(index, outcome.value.article.id);
      return outcome.value.status;
    };
    const persons = async (tenant: string, index: number) => {
      const rows = await store.listArticleActors(tenant, [ids.get(tenant)!.get(index)!]);
      return rows.filter((r) => r.type === 'person');
    };
    // People of the shared articles whose every name word appears in no other article: asked about
    // in both servers, such a question retrieves the same passages in both.
    const distinctivePeople = async (tenant: string) => {
      const found: string[] = [];
      for (let index = B_RANGE[0]; index < A_RANGE[1]; index++) {
        const others = articles.filter((_, i) => i !== index).map((a) => a.text);
        for (const p of await persons(tenant, index)) {
          const words = p.name.split(/\s+/).map((w) => new RegExp(`\\b${w.replace(/\W/g, '')}\\b`, 'i'));
          if (!others.some((t) => words.some((w) => w.test(t))) && !found.includes(p.name))
            found.push(p.name);
        }
      }
      return [found[0] ?? 'Tony Blair', found[1] ?? 'Gordon Brown'];
    };
    const personOf = async (tenant: string, index: number) =>
      (await persons(tenant, index))[0]?.name ?? 'Tony Blair';

    const servers = [
      { server: 'A', tenant: SERVER_A, range: A_RANGE, own: [1, 3, 0, 5] },
      { server: 'B', tenant: SERVER_B, range: B_RANGE, own: [45, 40, 38, 47] },
    ] as const;
    const asked = new Map<string, { thread: string[]; shared: string[]; own: string[] }>();

    // Process 1: each server ingests its articles, is briefed, and asks 10 questions.
    let services = openProcess();
    for (const { server, tenant, range, own } of servers) {
      for (let i = range[0]; i < range[1]; i++) {
        const shared = i >= B_RANGE[0] && i < A_RANGE[1];
        const group =
          server === 'A' ? 'ingest A #1-30' : shared ? 'ingest B #21-30 (also in A)' : 'ingest B #31-50';
        await ingest(services, tenant, i, group);
      }
      const ask = (question: string, group: string, conversationId: string) =>
        step(`ask ${server}: ${question}`, group, () =>
          answerQuestion(services, tenant, { question, conversationId }),
        );
      const first: Briefing = await step(`brief #1 ${server}`, 'brief #1 (A, B)', async () => {
        const b = await buildBriefing(services, tenant, {
          length: 'standard',
          conversationId: `${tenant}-brief-1`,
        });
        if (!b) throw new Error(`no briefing for ${tenant}`);
        return b;
      });
      const person = first.actors.find((a) => a.type === 'person')?.name ?? 'Tony Blair';
      const thread = [`Who is ${person}?`, 'What did he say?', `What happened: ${first.sources[0]!.title}?`];
      for (const q of thread)
        await ask(q, 'ask: briefing thread, with a follow-up (3 per server)', `${tenant}-brief-1`);
      const [p1, p2] = await distinctivePeople(tenant);
      const shared = [`Who is ${p1}?`, `What did ${p2} say?`, `What happened: ${articles[22]!.title}?`];
      const sharedGroup =
        server === 'A' ? 'ask: standalone (7 in A)' : 'ask: same question as in A, shared articles (3 in B)';
      for (const [i, q] of shared.entries()) await ask(q, sharedGroup, `${tenant}-s${i}`);
      const ownQ = [
        `What did ${await personOf(tenant, own[0])} say?`,
        `Who is ${await personOf(tenant, own[1])}?`,
        `What happened: ${articles[own[2]]!.title}?`,
        `Who is involved in ${articles[own[3]]!.title}?`,
      ];
      for (const [i, q] of ownQ.entries())
        await ask(
          q,
          server === 'A' ? 'ask: standalone (7 in A)' : 'ask: standalone (4 in B)',
          `${tenant}-o${i}`,
        );
      asked.set(tenant, { thread, shared, own: ownQ });
    }

    // Process 2 (a restart): re-ingest every file, brief again, repeat 5 questions each, a digest.
    services = openProcess();
    for (const { server, tenant, range } of servers) {
      for (let i = range[0]; i < range[1]; i++)
        await ingest(services, tenant, i, 're-ingest, later process (A, B)');
      const ask = (question: string, group: string, conversationId: string) =>
        step(`ask ${server}: ${question}`, group, () =>
          answerQuestion(services, tenant, { question, conversationId }),
        );
      await step(`brief #2 ${server}`, 'brief #2, later process, same articles (A, B)', () =>
        buildBriefing(services, tenant, { length: 'standard', conversationId: `${tenant}-brief-2` }),
      );
      const q = asked.get(tenant)!;
      const repeats = 'ask: repeat in a later process (5 per server)';
      // The thread's question and follow-up, asked again in the new briefing's thread.
      await ask(q.thread[0]!, repeats, `${tenant}-brief-2`);
      await ask(q.thread[1]!, repeats, `${tenant}-brief-2`);
      await ask(q.shared[0]!, repeats, `${tenant}-later-1`);
      await ask(q.own[2]!, repeats, `${tenant}-later-2`);
      await ask(q.own[3]!, repeats, `${tenant}-o3`);
      await step(`digest ${server}`, 'digest: long briefing, later process (A, B)', () =>
        buildBriefing(services, tenant, { length: 'long', conversationId: `${tenant}-digest` }),
      );
    }
    const wallMs = performance.now() - started;
    return { calls, lookups, steps, warnings: logger.warnings, wallMs };
  } finally {
    await store.close();
    await fake.close();
  }
}

/** The whole-prompt cache, simulated: only the first request with each exact body is a call. */
function dedupeByBody(calls: RecordedCall[]): RecordedCall[] {
  const seen = new Set<string>();
  return calls.filter((c) => {
    if (seen.has(c.body)) return false;
    seen.add(c.body);
    return true;
  });
}

/** Requests sent although their exact body had been sent before: a whole-prompt cache would have hit. */
function exactRepeats(run: RunRecord): ExactRepeat[] {
  const firstStep = new Map<string, string>();
  const out: ExactRepeat[] = [];
  // Steps here cause one lookup per task (one question, one briefing, one short article), so the
  // step label finds the lookup whose key let the repeat through.
  const keyOf = (step: string, task: Task) =>
    run.lookups.find((l) => l.step === step && l.parts.task === task)?.parts;
  for (const c of run.calls) {
    const first = firstStep.get(c.body);
    if (first === undefined) {
      firstStep.set(c.body, c.step);
      continue;
    }
    const a = keyOf(first, c.task);
    const b = keyOf(c.step, c.task);
    const inputs = Array.from(
      { length: Math.max(a?.inputs.length ?? 0, b?.inputs.length ?? 0) },
      (_, i) => i,
    ).filter((i) => a?.inputs[i] !== b?.inputs[i]);
    out.push({
      task: c.task,
      step: c.step,
      firstStep: first,
      keyDiff: {
        inputs,
        inputCount: b?.inputs.length ?? 0,
        options: JSON.stringify(a?.options ?? {}) !== JSON.stringify(b?.options ?? {}),
      },
    });
  }
  return out;
}

function usageOf(calls: RecordedCall[], wallMs: number | null): ConfigUsage {
  const sum = (list: RecordedCall[]): Usage => ({
    calls: list.length,
    promptTokens: list.reduce((n, c) => n + c.promptTokens, 0),
    completionTokens: list.reduce((n, c) => n + c.completionTokens, 0),
  });
  const byTask = Object.fromEntries(TASKS.map((t) => [t, sum(calls.filter((c) => c.task === t))])) as Record<
    Task,
    Usage
  >;
  return { ...sum(calls), byTask, wallMs: wallMs === null ? null : round(wallMs, 1) };
}

function stepGroups(
  noCache: RunRecord,
  content: RecordedCall[],
  wholePrompt: RecordedCall[],
): StepGroupCalls[] {
  const groups = [...new Set(noCache.steps.map((s) => s.group))];
  const count = (list: RecordedCall[], group: string) => list.filter((c) => c.group === group).length;
  return groups.map((group) => ({
    group,
    steps: noCache.steps.filter((s) => s.group === group).length,
    noCache: count(noCache.calls, group),
    contentAddressed: count(content, group),
    wholePrompt: count(wholePrompt, group),
  }));
}

/** Times getOrCompute hits on the product cache over `store`, with this run's real keys and values. */
async function hitLatency(
  store: KeyvStoreAdapter | Map<unknown, unknown>,
  entries: RunRecord['lookups'],
  samples: number,
): Promise<HitLatency> {
  const cache = new KeyvLlmCache({ store, logger: new CountingLogger(), opTimeoutMs: 5000 });
  for (const e of entries)
    await cache.getOrCompute(e.parts, async () => ({ value: e.value, cacheable: true }));
  const miss = async (): Promise<{ value: unknown; cacheable: boolean }> => {
    throw new Error('expected a cache hit (is the store dropping entries?)');
  };
  // Warm-up: JIT, statement caches.
  for (let i = 0; i < Math.min(500, samples); i++)
    await cache.getOrCompute(entries[i % entries.length]!.parts, miss);
  const times: Record<Task, number[]> = { analyse: [], brief: [], answer: [] };
  const allTimes: number[] = [];
  for (let i = 0; i < samples; i++) {
    const e = entries[i % entries.length]!;
    const t = performance.now();
    await cache.getOrCompute(e.parts, miss);
    const ms = performance.now() - t;
    allTimes.push(ms);
    times[e.parts.task as Task].push(ms);
  }
  const stats = (list: number[]) => {
    const sorted = [...list].sort((a, b) => a - b);
    return { p50Ms: round(percentile(sorted, 50), 4), p99Ms: round(percentile(sorted, 99), 4) };
  };
  const byTask = Object.fromEntries(
    TASKS.map((t) => {
      const of = entries.filter((e) => e.parts.task === t);
      const bytes = of.reduce((n, e) => n + JSON.stringify(e.value).length, 0);
      return [
        t,
        {
          ...stats(times[t]),
          meanValueBytes: of.length ? Math.round(bytes / of.length) : 0,
          entries: of.length,
        },
      ];
    }),
  ) as HitLatency['byTask'];
  return { samples, ...stats(allTimes), byTask };
}

function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** The result as the tables a reader compares first. */
export function formatLlmWorkload(r: LlmWorkloadResult): string {
  const pad = (s: string | number, w: number) => String(s).padStart(w);
  const lines: string[] = [];
  lines.push(
    `Workload: ${r.workload.articles} articles (A ${r.workload.servers.A}, B ${r.workload.servers.B}), ` +
      `${r.workload.briefs} briefs, ${r.workload.questions} questions, ${r.workload.digests} digests (long briefings)`,
  );
  lines.push('');
  lines.push(
    `${'config'.padEnd(18)}${pad('calls', 7)}${pad('in tok', 9)}${pad('out tok', 9)}` +
      TASKS.map((t) => pad(`${t} calls/in`, 20)).join('') +
      pad('wall ms', 10),
  );
  const row = (name: string, u: ConfigUsage) =>
    `${name.padEnd(18)}${pad(u.calls, 7)}${pad(u.promptTokens, 9)}${pad(u.completionTokens, 9)}` +
    TASKS.map((t) => pad(`${u.byTask[t].calls} / ${u.byTask[t].promptTokens}`, 20)).join('') +
    pad(u.wallMs === null ? '-' : u.wallMs.toFixed(0), 10);
  lines.push(row('no cache', r.configs.noCache));
  lines.push(row('whole-prompt', r.configs.wholePrompt));
  lines.push(row('content-addressed', r.configs.contentAddressed));
  lines.push('');
  lines.push(
    `Input tokens per distinct article token (${r.workload.distinctArticleTokens} article tokens; tokens = characters / 4, schema included):`,
  );
  for (const [name, v] of Object.entries(r.perArticleToken))
    lines.push(
      `  ${name.padEnd(18)} analysis ${v.analyse.toFixed(3)}   whole workload ${v.workload.toFixed(3)}`,
    );
  lines.push('');
  lines.push(
    `${'step group'.padEnd(72)}${pad('steps', 6)}${pad('none', 6)}${pad('prompt', 8)}${pad('content', 9)}`,
  );
  for (const g of r.byStepGroup)
    lines.push(
      `${g.group.padEnd(72)}${pad(g.steps, 6)}${pad(g.noCache, 6)}${pad(g.wholePrompt, 8)}${pad(g.contentAddressed, 9)}`,
    );
  lines.push('');
  for (const [name, l] of Object.entries(r.hitLatency))
    lines.push(
      `hit latency ${name.padEnd(7)} p50 ${l.p50Ms.toFixed(3)} ms, p99 ${l.p99Ms.toFixed(3)} ms; ` +
        TASKS.map(
          (t) =>
            `${t} p50 ${l.byTask[t].p50Ms.toFixed(3)} (${l.byTask[t].entries} × ${l.byTask[t].meanValueBytes} B)`,
        ).join(', '),
    );
  if (r.exactRepeatsSent.length > 0) {
    lines.push('');
    lines.push('Sent by the content-addressed run although the exact same request had been sent before:');
    for (const x of r.exactRepeatsSent)
      lines.push(
        `  ${x.task}: "${x.step}" (first: "${x.firstStep}"); key inputs that differ: ` +
          `${x.keyDiff.inputs.join(', ') || 'none'} of 0..${x.keyDiff.inputCount - 1}` +
          (x.keyDiff.options ? ', options differ' : ''),
      );
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `--fake-latency-ms 300` makes the wall times look like a hosted model's instead of a local fake's.
  const at = process.argv.indexOf('--fake-latency-ms');
  const result = await runLlmWorkloadBench({
    fakeLatencyMs: at >= 0 ? Number(process.argv[at + 1] ?? 0) : 0,
  });
  console.log(formatLlmWorkload(result));
  console.log(JSON.stringify(result, null, 2));
}
