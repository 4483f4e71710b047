import { EventEmitter } from 'node:events';
import type { KeyvStoreAdapter } from 'keyv';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import { KeyvLlmCache } from '../../src/llm/cache/keyv-llm-cache.ts';
import type { CacheKeyParts } from '../../src/llm/cache/llm-cache.ts';
import { createRedisStore } from '../../src/llm/cache/redis-keyv-store.ts';
import { SqliteKeyvStore } from '../../src/llm/cache/sqlite-keyv-store.ts';
import { HangingStore } from './hanging-store.ts';
import { RecordingLogger } from './recording-logger.ts';
import { REDIS_URL, skipRedisTests } from './redis-probe.ts';
import { freePort, hasRedisServer, PrivateRedis } from './redis-server-process.ts';

const skipRedis = await skipRedisTests();

const analysis: CacheKeyParts = {
  task: 'analyse',
  promptVersion: 'analyse@1',
  model: 'gpt-4o-mini',
  inputs: ['sha256:article-1'],
  options: { length: 'short' },
};

/** A compute function that counts its calls and returns a fresh value each time. */
function counter(options: { delayMs?: number; cacheable?: boolean } = {}) {
  const fn = async () => {
    fn.calls += 1;
    const call = fn.calls;
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    return { value: { summary: `result ${call}` }, cacheable: options.cacheable ?? true };
  };
  fn.calls = 0;
  return fn;
}

/** A Map-backed store that fails every operation while `down` is set. */
class FlakyStore extends EventEmitter implements KeyvStoreAdapter {
  readonly opts = {};
  namespace?: string | undefined;
  down = false;
  private readonly data = new Map<string, unknown>();
  private check(): void {
    if (this.down) throw new Error('connect ECONNREFUSED redis://cache:hunter2@10.0.0.9:6379');
  }
  async get<Value>(key: string): Promise<Value | undefined> {
    this.check();
    return this.data.get(key) as Value | undefined;
  }
  async set(key: string, value: unknown): Promise<boolean> {
    this.check();
    this.data.set(key, value);
    return true;
  }
  async delete(key: string): Promise<boolean> {
    this.check();
    return this.data.delete(key);
  }
  async clear(): Promise<void> {
    this.check();
    this.data.clear();
  }
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function sqliteStore(clock?: FakeClock): SqliteKeyvStore {
  const store = new SqliteKeyvStore({ path: ':memory:', clock });
  closers.push(() => store.disconnect());
  return store;
}

describe('KeyvLlmCache', () => {
  it('computes on a miss and serves the stored value afterwards', async () => {
    const cache = new KeyvLlmCache({ logger: new RecordingLogger() });
    const compute = counter();
    expect(await cache.getOrCompute(analysis, compute)).toEqual({
      value: { summary: 'result 1' },
      hit: false,
    });
    expect(await cache.getOrCompute(analysis, compute)).toEqual({
      value: { summary: 'result 1' },
      hit: true,
    });
    expect(compute.calls).toBe(1);
  });

  it('misses again when the prompt version or the model changes', async () => {
    const cache = new KeyvLlmCache({ logger: new RecordingLogger() });
    const compute = counter();
    await cache.getOrCompute(analysis, compute);
    expect((await cache.getOrCompute({ ...analysis, promptVersion: 'analyse@2' }, compute)).hit).toBe(false);
    expect((await cache.getOrCompute({ ...analysis, model: 'gpt-4o' }, compute)).hit).toBe(false);
    expect((await cache.getOrCompute(analysis, compute)).hit).toBe(true);
    expect(compute.calls).toBe(3);
  });

  it('computes once for the same content asked by two tenants', async () => {
    const cache = new KeyvLlmCache({ store: sqliteStore(), logger: new RecordingLogger() });
    const compute = counter();
    // Tenants build their key parts independently; nothing tenant-specific is part of them.
    const fromTenantA = await cache.getOrCompute(structuredClone(analysis), compute);
    const fromTenantB = await cache.getOrCompute(structuredClone(analysis), compute);
    expect(fromTenantB).toEqual({ value: fromTenantA.value, hit: true });
    expect(compute.calls).toBe(1);
  });

  it('runs compute once for 20 concurrent identical calls; followers report hits', async () => {
    const cache = new KeyvLlmCache({ store: sqliteStore(), logger: new RecordingLogger() });
    const compute = counter({ delayMs: 20 });
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => cache.getOrCompute(analysis, compute)),
    );
    expect(compute.calls).toBe(1);
    expect(outcomes.filter((outcome) => !outcome.hit)).toHaveLength(1);
    expect(new Set(outcomes.map((outcome) => JSON.stringify(outcome.value)))).toEqual(
      new Set([JSON.stringify({ summary: 'result 1' })]),
    );
  });

  it('keeps different keys in separate flights', async () => {
    const cache = new KeyvLlmCache({ logger: new RecordingLogger() });
    const compute = counter({ delayMs: 10 });
    await Promise.all([
      cache.getOrCompute(analysis, compute),
      cache.getOrCompute({ ...analysis, inputs: ['sha256:article-2'] }, compute),
    ]);
    expect(compute.calls).toBe(2);
  });

  it('hands a compute error to every waiter, caches nothing, and computes again next time', async () => {
    const cache = new KeyvLlmCache({ logger: new RecordingLogger() });
    let calls = 0;
    const failing = async (): Promise<{ value: string; cacheable: boolean }> => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      throw new Error('LLM unavailable');
    };
    const settled = await Promise.allSettled(
      Array.from({ length: 5 }, () => cache.getOrCompute(analysis, failing)),
    );
    expect(calls).toBe(1);
    for (const result of settled) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toHaveProperty('message', 'LLM unavailable');
    }
    const compute = counter();
    expect(await cache.getOrCompute(analysis, compute)).toEqual({
      value: { summary: 'result 1' },
      hit: false,
    });
  });

  it('returns but never stores results marked not cacheable', async () => {
    const cache = new KeyvLlmCache({ store: sqliteStore(), logger: new RecordingLogger() });
    const fallback = counter({ cacheable: false });
    expect(await cache.getOrCompute(analysis, fallback)).toEqual({
      value: { summary: 'result 1' },
      hit: false,
    });
    expect(await cache.getOrCompute(analysis, fallback)).toEqual({
      value: { summary: 'result 2' },
      hit: false,
    });
    const real = counter();
    expect((await cache.getOrCompute(analysis, real)).hit).toBe(false);
    expect(real.calls).toBe(1);
  });

  it('round-trips values as JSON (document: values must be JSON-safe)', async () => {
    const cache = new KeyvLlmCache({ store: sqliteStore(), logger: new RecordingLogger() });
    const at = new Date('2026-03-01T08:00:00Z');
    await cache.getOrCompute(analysis, async () => ({ value: { at, score: 1 }, cacheable: true }));
    const again = await cache.getOrCompute(analysis, counter());
    expect(again).toEqual({ value: { at: '2026-03-01T08:00:00.000Z', score: 1 }, hit: true });
  });

  it('expires entries after ttlMs', async () => {
    const clock = new FakeClock(new Date('2026-01-01T00:00:00Z'));
    const cache = new KeyvLlmCache({
      store: sqliteStore(clock),
      logger: new RecordingLogger(),
      ttlMs: 60_000,
    });
    const compute = counter();
    await cache.getOrCompute(analysis, compute);
    clock.advance(30_000);
    expect((await cache.getOrCompute(analysis, compute)).hit).toBe(true);
    clock.advance(31_000);
    expect((await cache.getOrCompute(analysis, compute)).hit).toBe(false);
    expect(compute.calls).toBe(2);
  });

  describe.each([
    ['in-memory Map', () => undefined],
    ['SqliteKeyvStore', () => sqliteStore()],
  ])('namespaces on a shared %s', (_name, makeStore) => {
    it('keeps tasks apart and keeps earlier tasks reachable after later ones appear', async () => {
      const cache = new KeyvLlmCache({ store: makeStore(), logger: new RecordingLogger() });
      const compute = counter();
      const analysed = await cache.getOrCompute(analysis, compute);
      const briefed = await cache.getOrCompute({ ...analysis, task: 'brief' }, compute);
      expect(briefed).toEqual({ value: { summary: 'result 2' }, hit: false });
      expect(await cache.getOrCompute(analysis, compute)).toEqual({ value: analysed.value, hit: true });
      expect(compute.calls).toBe(2);
    });
  });

  describe('when the cache fails', () => {
    it('bypasses a Redis that refuses connections: values with hit:false and one redacted warning', async () => {
      const store = createRedisStore('redis://cache-user:s3cret-pass@127.0.0.1:1');
      closers.push(() => store.disconnect?.() ?? Promise.resolve());
      const logger = new RecordingLogger();
      const cache = new KeyvLlmCache({ store, logger, opTimeoutMs: 500, retryAfterMs: 0 });
      const compute = counter();
      for (let i = 0; i < 3; i++) {
        expect(await cache.getOrCompute(analysis, compute)).toEqual({
          value: { summary: `result ${i + 1}` },
          hit: false,
        });
      }
      await new Promise((resolve) => setImmediate(resolve));
      expect(logger.at('warn')).toHaveLength(1);
      expect(logger.at('warn')[0]?.obj).toMatchObject({ op: 'get', cause: { code: 'ECONNREFUSED' } });
      expect(JSON.stringify(logger.entries)).not.toContain('s3cret-pass');
    });

    it('bounds a hanging store by opTimeoutMs, then skips it for retryAfterMs', async () => {
      const store = new HangingStore();
      const logger = new RecordingLogger();
      const clock = new FakeClock(new Date(0));
      const cache = new KeyvLlmCache({
        store,
        logger,
        opTimeoutMs: 50,
        retryAfterMs: 10_000,
        clock,
      });
      const compute = counter();
      expect(await cache.getOrCompute(analysis, compute)).toEqual({
        value: { summary: 'result 1' },
        hit: false,
      });
      expect(store.calls).toBe(1);
      expect(logger.at('warn')).toHaveLength(1);
      expect(logger.at('warn')[0]?.obj).toMatchObject({ op: 'get', err: { name: 'CacheTimeoutError' } });

      // Within the retry window commands do not wait on the store at all.
      expect((await cache.getOrCompute(analysis, compute)).hit).toBe(false);
      expect(store.calls).toBe(1);

      clock.advance(10_001);
      expect((await cache.getOrCompute(analysis, compute)).hit).toBe(false);
      expect(store.calls).toBe(2);
      // Same burst: still only one warning.
      expect(logger.at('warn')).toHaveLength(1);
    });

    it('logs once per failure burst and says when the cache answers again', async () => {
      const store = new FlakyStore();
      const logger = new RecordingLogger();
      const cache = new KeyvLlmCache({ store, logger, retryAfterMs: 0 });
      const compute = counter();
      await cache.getOrCompute(analysis, compute);
      store.down = true;
      for (let i = 0; i < 3; i++) expect((await cache.getOrCompute(analysis, compute)).hit).toBe(false);
      expect(logger.at('warn')).toHaveLength(1);
      expect(JSON.stringify(logger.entries)).not.toContain('hunter2');
      store.down = false;
      expect((await cache.getOrCompute(analysis, compute)).hit).toBe(true);
      expect(logger.at('info').map((entry) => entry.msg)).toEqual(['LLM cache answering again']);
      store.down = true;
      await cache.getOrCompute(analysis, compute);
      expect(logger.at('warn')).toHaveLength(2);
    });

    it('still shares one compute between concurrent callers while the cache is down', async () => {
      const store = new FlakyStore();
      store.down = true;
      const cache = new KeyvLlmCache({ store, logger: new RecordingLogger() });
      const compute = counter({ delayMs: 10 });
      await Promise.all(Array.from({ length: 5 }, () => cache.getOrCompute(analysis, compute)));
      expect(compute.calls).toBe(1);
    });
  });

  it.skipIf(!hasRedisServer)(
    'rides out a Redis restart: bypassed while down, used again once back',
    async () => {
      const redis = new PrivateRedis(await freePort());
      closers.push(() => redis.stop());
      await redis.start();
      const store = createRedisStore(`redis://127.0.0.1:${redis.port}`);
      closers.push(async () => store.disconnect?.());
      const logger = new RecordingLogger();
      const cache = new KeyvLlmCache({ store, logger, retryAfterMs: 0 });
      const compute = counter();
      await cache.getOrCompute(analysis, compute);
      expect((await cache.getOrCompute(analysis, compute)).hit).toBe(true);

      await redis.stop();
      expect((await cache.getOrCompute(analysis, compute)).hit).toBe(false);
      await new Promise((resolve) => setImmediate(resolve));
      expect(logger.at('warn')).toHaveLength(1);

      await redis.start();
      // The restarted server is empty (no persistence): one miss refills it, then hits again.
      expect((await cache.getOrCompute(analysis, compute)).hit).toBe(false);
      expect((await cache.getOrCompute(analysis, compute)).hit).toBe(true);
      expect(logger.at('info').map((entry) => entry.msg)).toContain('LLM cache answering again');
    },
  );

  describe.skipIf(skipRedis)('on the real Redis', () => {
    it('keeps tasks apart on one shared adapter, whatever order their namespaces appear in', async () => {
      const store = createRedisStore(REDIS_URL, { keyPrefix: `test-llm-cache-${process.pid}-${Date.now()}` });
      closers.push(async () => {
        // KeyvLlmCache leaves the adapter's own namespace (the prefix) in place, so this clears only the run's keys.
        await store.clear();
        await store.disconnect?.();
      });
      const logger = new RecordingLogger();
      const cache = new KeyvLlmCache({ store, logger, ttlMs: 60_000 });
      const compute = counter();
      await cache.getOrCompute(analysis, compute);
      await cache.getOrCompute({ ...analysis, task: 'brief' }, compute);
      await cache.getOrCompute({ ...analysis, task: 'answer' }, compute);
      expect((await cache.getOrCompute(analysis, compute)).hit).toBe(true);
      expect((await cache.getOrCompute({ ...analysis, task: 'brief' }, compute)).hit).toBe(true);
      // A second process (a new cache on a new adapter) finds the same entries.
      const other = createRedisStore(REDIS_URL, { keyPrefix: store.namespace });
      closers.push(async () => other.disconnect?.());
      const fresh = new KeyvLlmCache({ store: other, logger });
      expect(await fresh.getOrCompute({ ...analysis, task: 'answer' }, compute)).toEqual({
        value: { summary: 'result 3' },
        hit: true,
      });
      expect(compute.calls).toBe(3);
      expect(logger.at('warn')).toEqual([]);
    });
  });
});
