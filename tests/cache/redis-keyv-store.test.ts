import { randomUUID } from 'node:crypto';
import { Keyv, type KeyvStoreAdapter } from 'keyv';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../src/llm/cache/redis-keyv-store.ts';
import { describeKeyvStoreContract } from './keyv-store.contract.ts';
import { REDIS_SKIP_REASON, REDIS_URL, redisAnswers, skipRedisTests } from './redis-probe.ts';

const skip = await skipRedisTests();

describe.skipIf(skip)('Redis (real, 127.0.0.1:6379)', () => {
  it('answers (CI guarantees Redis: start it if this fails)', async () => {
    expect(await redisAnswers(), REDIS_SKIP_REASON).toBe(true);
  });

  describeKeyvStoreContract('@keyv/redis via createRedisStore', async () => {
    const stores: KeyvStoreAdapter[] = [];
    return {
      open: () => {
        const store = createRedisStore(REDIS_URL);
        stores.push(store);
        return store;
      },
      elapse: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      // Real time: short enough to wait out (Redis expires keys itself, PX granularity is 1 ms).
      ttlMs: 50,
      cleanup: async () => {
        for (const store of stores) await store.disconnect?.();
      },
    };
  });

  describe('createRedisStore', () => {
    const stores: KeyvStoreAdapter[] = [];
    afterEach(async () => {
      for (const store of stores.splice(0)) await store.disconnect?.();
    });

    it('prefixes keys so the bot shares a Redis without colliding', async () => {
      const store = createRedisStore(REDIS_URL, { keyPrefix: `test-${randomUUID().slice(0, 8)}` });
      stores.push(store);
      const prefix = store.namespace;
      // keyv overwrites the adapter namespace with its own; the cache keeps the configured prefix (see KeyvLlmCache).
      await store.set('task:abc', '"v"');
      const raw = createRedisStore(REDIS_URL, { keyPrefix: '' });
      stores.push(raw);
      raw.namespace = undefined;
      expect(await raw.get(`${prefix}::task:abc`)).toBe('"v"');
      await store.delete('task:abc');
    });

    it('fails fast, not by hanging, when nothing listens', async () => {
      const store = createRedisStore('redis://127.0.0.1:1');
      stores.push(store);
      const keyv = new Keyv({ store, namespace: 'down', throwOnErrors: true });
      await expect(keyv.get('k')).rejects.toThrow();
      await expect(keyv.set('k', 1)).rejects.toThrow();
    });
  });
});
