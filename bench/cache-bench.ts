/**
 * Cache-hit latency of the LLM cache through KeyvLlmCache.getOrCompute (key hashing, single-flight
 * bookkeeping, keyv (de)serialisation and the store round trip), for SQLite and Redis, with a
 * ~4 KB JSON article analysis as the value.
 * Run: npx tsx bench/cache-bench.ts   (Redis: redis://127.0.0.1:6379 or CACHE_BENCH_REDIS_URL)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { KeyvStoreAdapter } from 'keyv';
import { silentLogger } from '../src/core/logger.ts';
import { KeyvLlmCache } from '../src/llm/cache/keyv-llm-cache.ts';
import type { CacheKeyParts } from '../src/llm/cache/llm-cache.ts';
import { createRedisStore } from '../src/llm/cache/redis-keyv-store.ts';
import { SqliteKeyvStore } from '../src/llm/cache/sqlite-keyv-store.ts';
import { withTimeout } from '../src/llm/cache/with-timeout.ts';

/** Latency of one backend, in milliseconds per getOrCompute. */
export interface CacheLatency {
  hits: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  /** First-time calls: miss, trivial compute, write. */
  missP50Ms: number;
}

/** What one bench run measured. */
export interface CacheBenchResult {
  valueBytes: number;
  keys: number;
  sqlite: CacheLatency;
  redis: CacheLatency | { skipped: string };
}

/** Options of {@link runCacheBench}. */
export interface CacheBenchOptions {
  keys?: number;
  hits?: number;
  redisUrl?: string;
}

/** Measures hit (and miss) latency for SQLite (temp file) and Redis (skipped with a reason when unreachable). */
export async function runCacheBench(options: CacheBenchOptions = {}): Promise<CacheBenchResult> {
  const keys = options.keys ?? 500;
  const hits = options.hits ?? 20_000;
  const redisUrl = options.redisUrl ?? process.env.CACHE_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const value = analysisValue();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-bench-'));
  let sqlite: CacheLatency;
  const sqliteStore = new SqliteKeyvStore({ path: path.join(dir, 'cache.db') });
  try {
    sqlite = await measure(sqliteStore, value, keys, hits);
  } finally {
    await sqliteStore.disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  let redis: CacheBenchResult['redis'];
  const redisStore = createRedisStore(redisUrl, { keyPrefix: `cache-bench-${process.pid}-${Date.now()}` });
  try {
    await withTimeout(redisStore.get('probe'), 1000, 'probe');
    redis = await measure(redisStore, value, keys, hits);
  } catch (error) {
    redis = {
      skipped: `Redis not reachable at ${redisUrl} (${error instanceof Error ? error.message : error})`,
    };
  } finally {
    try {
      await redisStore.clear();
    } catch {
      // Unreachable Redis: nothing was written.
    }
    await redisStore.disconnect();
  }
  return { valueBytes: JSON.stringify(value).length, keys, sqlite, redis };
}

async function measure(
  store: KeyvStoreAdapter,
  value: object,
  keys: number,
  hits: number,
): Promise<CacheLatency> {
  const cache = new KeyvLlmCache({ store, logger: silentLogger, ttlMs: 60 * 60_000, opTimeoutMs: 5000 });
  const parts = (i: number): CacheKeyParts => ({
    task: 'analyse',
    promptVersion: 'analyse@bench',
    model: 'gpt-4o-mini',
    inputs: [`sha256:${i.toString(16).padStart(64, '0')}`],
    options: { length: 'standard' },
  });
  const compute = async () => ({ value, cacheable: true });
  const misses: number[] = [];
  for (let i = 0; i < keys; i++) {
    const t = performance.now();
    const outcome = await cache.getOrCompute(parts(i), compute);
    misses.push(performance.now() - t);
    if (outcome.hit) throw new Error('bench keys must start cold');
  }
  // Warm-up: JIT and connection settle before timing.
  for (let i = 0; i < Math.min(1000, hits); i++) await cache.getOrCompute(parts(i % keys), compute);
  const samples: number[] = [];
  for (let i = 0; i < hits; i++) {
    const t = performance.now();
    const outcome = await cache.getOrCompute(parts(i % keys), compute);
    samples.push(performance.now() - t);
    if (!outcome.hit) throw new Error('expected a cache hit (is the store dropping entries?)');
  }
  samples.sort((a, b) => a - b);
  misses.sort((a, b) => a - b);
  return {
    hits,
    p50Ms: round(quantile(samples, 0.5)),
    p99Ms: round(quantile(samples, 0.99)),
    meanMs: round(samples.reduce((sum, s) => sum + s, 0) / samples.length),
    missP50Ms: round(quantile(misses, 0.5)),
  };
}

/** A plausible article analysis, ~4 KB of JSON. */
function analysisValue(): object {
  const sentence = (i: number) =>
    `Ministers from ${i % 2 ? 'Poland' : 'Lithuania'} said the agreement on grain transit would be reviewed in the spring.`;
  return {
    summary: Array.from({ length: 6 }, (_, i) => sentence(i)).join(' '),
    keyPoints: Array.from({ length: 10 }, (_, i) => sentence(i + 10)),
    actors: Array.from({ length: 12 }, (_, i) => ({
      name: `Actor ${i} Kowalski`,
      kind: i % 3 === 0 ? 'organisation' : 'person',
      role: 'negotiator for the transit agreement',
      stance: i % 2 ? 'supportive' : 'sceptical',
      quotes: [`"We will not accept delays at the border", said actor ${i}.`],
    })),
    topics: ['trade', 'agriculture', 'eu', 'transport', 'diplomacy'],
    sentiment: { overall: -0.12, confidence: 0.81 },
    language: 'en',
    model: 'gpt-4o-mini',
    promptVersion: 'analyse@bench',
  };
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await runCacheBench(), null, 2));
}
