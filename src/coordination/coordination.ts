import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { MemoryRateLimiter, type RateLimiter, type RateLimitOptions } from '../core/rate-limiter.ts';
import { LocalTenantChanges, type TenantChanges } from '../core/tenant-changes.ts';
import { redactUrls } from '../llm/cache/redact.ts';
import { RedisLink } from './redis-link.ts';
import { RedisRateLimiter } from './redis-rate-limiter.ts';
import { RedisTenantChanges } from './redis-tenant-changes.ts';

/** The default BRIEFING_REDIS_PREFIX: every key and channel the bot uses starts with it. */
export const DEFAULT_REDIS_PREFIX = 'briefing:';

/**
 * What the processes of one deployment share besides the database: rate limits and change
 * notices (the LLM cache and its single-flight lock are built beside the cache). In this process
 * only, or through Redis when REDIS_URL is set; correctness never depends on Redis.
 */
export interface Coordination {
  /** 'redis' when shared between processes, else 'process'. */
  readonly scope: 'redis' | 'process';
  readonly tenantChanges: TenantChanges;
  /** A per-caller limiter with these limits (shared buckets on Redis). */
  rateLimiter(options: RateLimitOptions): RateLimiter;
  close(): Promise<void>;
}

export interface CoordinationOptions {
  redisUrl?: string | undefined;
  /** BRIEFING_REDIS_PREFIX; default {@link DEFAULT_REDIS_PREFIX}. */
  redisPrefix?: string | undefined;
  clock: Clock;
  logger: Logger;
}

/** Redis-backed when `redisUrl` is set, else in-process. Opens nothing until first used. */
export function openCoordination(options: CoordinationOptions): Coordination {
  const { clock, logger } = options;
  if (!options.redisUrl) {
    const tenantChanges = new LocalTenantChanges();
    return {
      scope: 'process',
      tenantChanges,
      rateLimiter: (limits) => new MemoryRateLimiter(clock, limits),
      close: () => tenantChanges.close(),
    };
  }
  const link = new RedisLink({
    url: options.redisUrl,
    prefix: options.redisPrefix ?? DEFAULT_REDIS_PREFIX,
    logger,
  });
  logger.info(
    { url: redactUrls(options.redisUrl), prefix: link.prefix },
    'sharing limits and change notices through Redis',
  );
  const tenantChanges = new RedisTenantChanges(link);
  return {
    scope: 'redis',
    tenantChanges,
    rateLimiter: (limits) => new RedisRateLimiter(link, clock, limits),
    async close() {
      await tenantChanges.close();
      await link.close();
    },
  };
}
