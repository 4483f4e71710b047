import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KeyvStoreAdapter } from 'keyv';
import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import { KeyvLlmCache } from './keyv-llm-cache.ts';
import type { FlightLock, LlmCache } from './llm-cache.ts';
import { describeError, redactUrls } from './redact.ts';
import { createRedisLock, createRedisStore } from './redis-keyv-store.ts';
import { SqliteKeyvStore } from './sqlite-keyv-store.ts';
import { withTimeout } from './with-timeout.ts';

/** Options of {@link createLlmCache}. */
export interface CreateLlmCacheOptions {
  /** Shared cache for several bot processes; when unset, the SQLite file below is used. */
  redisUrl?: string | undefined;
  /** The cache's own SQLite file (e.g. `<data-dir>/cache.db`), or ':memory:'. */
  sqlitePath: string;
  logger: Logger;
  /** Entry lifetime; default 30 days, so results of retired prompt versions and models age out. */
  ttlMs?: number | undefined;
  /** Where time comes from (expiry, retry windows); default the system clock. */
  clock?: Clock | undefined;
  /** Budget of each cache operation; default 500 ms. */
  opTimeoutMs?: number | undefined;
  /** Prefix of the cache's Redis keys and locks; default 'briefing-bot:llm'. */
  keyPrefix?: string | undefined;
}

/** Default entry lifetime. */
export const DEFAULT_CACHE_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Builds the LLM cache for the composition root: Redis when `redisUrl` is set, else SQLite. Never
 * throws for an unusable backend: an unopenable SQLite file degrades to an in-process cache with a
 * warning, and an unreachable Redis is bypassed per operation by KeyvLlmCache.
 */
export function createLlmCache(options: CreateLlmCacheOptions): { cache: LlmCache; close(): Promise<void> } {
  const { logger } = options;
  const store = openStore(options);
  // With Redis, processes share one flight per key through a lock beside the cache.
  const lock: FlightLock | undefined = options.redisUrl
    ? createRedisLock(store as ReturnType<typeof createRedisStore>, options.keyPrefix)
    : undefined;
  const cache = new KeyvLlmCache({
    store,
    logger,
    ttlMs: options.ttlMs ?? DEFAULT_CACHE_TTL_MS,
    clock: options.clock,
    lock,
    opTimeoutMs: options.opTimeoutMs,
  });
  return {
    cache,
    async close() {
      if (store instanceof Map) return;
      try {
        // Redis is dropped at once (destroy, not QUIT): a Redis that accepts but never replies
        // would leave QUIT, and the socket with it, pending, and the process would never exit.
        const closing = options.redisUrl
          ? (store as ReturnType<typeof createRedisStore>).disconnect(true)
          : (store.disconnect?.() ?? Promise.resolve());
        await withTimeout(closing, 2000, 'disconnect');
      } catch (error) {
        logger.warn({ err: describeError(error) }, 'LLM cache did not close cleanly');
      }
    },
  };
}

function openStore(options: CreateLlmCacheOptions): KeyvStoreAdapter | Map<unknown, unknown> {
  const { logger } = options;
  if (options.redisUrl) {
    logger.info({ backend: 'redis', url: redactUrls(options.redisUrl) }, 'LLM cache on Redis');
    return createRedisStore(options.redisUrl, { keyPrefix: options.keyPrefix });
  }
  try {
    if (options.sqlitePath !== ':memory:') mkdirSync(dirname(options.sqlitePath), { recursive: true });
    const store = new SqliteKeyvStore({ path: options.sqlitePath });
    logger.info({ backend: 'sqlite', path: options.sqlitePath }, 'LLM cache on SQLite');
    return store;
  } catch (error) {
    logger.warn(
      { err: describeError(error), path: options.sqlitePath },
      'LLM cache file unusable; caching in memory for this process only',
    );
    return new Map<unknown, unknown>();
  }
}
