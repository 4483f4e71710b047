import { randomUUID } from 'node:crypto';
import KeyvRedis from '@keyv/redis';
import type { FlightLock } from './llm-cache.ts';

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** TCP connect budget; default 1000 ms. */
  connectTimeoutMs?: number | undefined;
  /** Prefix of every key this process writes (`<prefix>::<task>:<hash>`); default 'briefing-bot:llm'. */
  keyPrefix?: string | undefined;
}

/**
 * The @keyv/redis adapter configured for a cache that must fail fast rather than hang commands:
 * - `disableOfflineQueue`: commands issued while disconnected reject at once instead of queueing
 *   until Redis returns (the default offline queue would park every cache read indefinitely);
 * - `reconnectStrategy: false`: no background reconnect loop; the adapter reconnects lazily on the
 *   next operation (it calls `connect()` whenever the client is not open), so a Redis that comes back
 *   is picked up, and a refused connection fails in one round trip instead of a retry storm;
 * - `throwOnErrors` / `throwOnConnectError`: failures reach the caller (KeyvLlmCache logs and bypasses
 *   them) instead of being turned into silent misses.
 * The connect timeout is the socket's own: @keyv/redis's `connectionTimeout` leaves an uncleared
 * timer behind on every attempt. KeyvLlmCache bounds each operation separately (`opTimeoutMs`).
 */
export function createRedisStore(url: string, options: RedisStoreOptions = {}): KeyvRedis<string> {
  return new KeyvRedis<string>(
    {
      url,
      disableOfflineQueue: true,
      socket: { connectTimeout: options.connectTimeoutMs ?? 1000, reconnectStrategy: false },
    },
    {
      namespace: options.keyPrefix ?? 'briefing-bot:llm',
      throwOnConnectError: true,
      throwOnErrors: true,
    },
  );
}

/** Deletes the lock only while it still holds this process's token (never another's later lock). */
const RELEASE =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * A FlightLock on the same Redis as the cache: `SET key token NX PX ttl` takes it, a
 * compare-and-delete releases it. Keys live beside the cache's, under `<prefix>:lock:`.
 */
export function createRedisLock(store: KeyvRedis<string>, keyPrefix = 'briefing-bot:llm'): FlightLock {
  const token = randomUUID();
  const name = (key: string) => `${keyPrefix}:lock:${key}`;
  return {
    async acquire(key, ttlMs) {
      const client = await store.getClient();
      const reply = await client.set(name(key), token, {
        condition: 'NX',
        expiration: { type: 'PX', value: Math.max(1, Math.round(ttlMs)) },
      });
      return reply === 'OK';
    },
    async release(key) {
      const client = await store.getClient();
      await client.eval(RELEASE, { keys: [name(key)], arguments: [token] });
    },
  };
}
