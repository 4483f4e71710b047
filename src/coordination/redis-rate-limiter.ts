import type { Clock } from '../core/clock.ts';
import {
  MemoryRateLimiter,
  type RateDecision,
  type RateLimiter,
  type RateLimitOptions,
} from '../core/rate-limiter.ts';
import { withTimeout } from '../llm/cache/with-timeout.ts';
import type { RedisLink } from './redis-link.ts';

/**
 * One token bucket, read, refilled and taken in one atomic step (no two processes can both take
 * the last token). KEYS[1] the bucket; ARGV capacity, refill ms per token, now (ms), expiry (ms).
 * Returns {1, 0} when allowed, {0, ms to wait} when not. A clock behind the stored one refills
 * nothing rather than going negative.
 */
const TAKE = `
local capacity = tonumber(ARGV[1])
local refill = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or capacity
local at = tonumber(bucket[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) / refill)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(math.max(now, at)))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
if allowed == 1 then return {1, 0} end
return {0, math.ceil((1 - tokens) * refill)}
`;

export interface RedisRateLimiterOptions extends RateLimitOptions {
  /** Budget of one Redis round trip before the in-memory limiter answers instead. Default 250 ms. */
  opTimeoutMs?: number | undefined;
}

/**
 * Rate limits every process shares, on Redis (keys `<prefix>rate:<guild>:<user>`), so a restart,
 * a reshard or another process does not hand out a fresh burst. Time comes from the injected
 * Clock (machines' clocks agree closely enough for a 12 s refill). When Redis is unreachable or
 * slow, this process's own in-memory limiter answers: commands are never refused for Redis's sake.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly fallback: MemoryRateLimiter;
  private readonly opTimeoutMs: number;
  /** A full bucket is the same as none: a key expires once it would have refilled. */
  private readonly expiryMs: number;

  constructor(
    private readonly link: RedisLink,
    private readonly clock: Clock,
    private readonly options: RedisRateLimiterOptions,
  ) {
    this.fallback = new MemoryRateLimiter(clock, options);
    this.opTimeoutMs = options.opTimeoutMs ?? 250;
    this.expiryMs = Math.ceil(options.capacity * options.refillMs) + 1_000;
  }

  async take(key: string): Promise<RateDecision> {
    try {
      const client = await this.link.client();
      const reply = await withTimeout(
        client.eval(TAKE, {
          keys: [`${this.link.prefix}rate:${key}`],
          arguments: [
            String(this.options.capacity),
            String(this.options.refillMs),
            String(this.clock.now().getTime()),
            String(this.expiryMs),
          ],
        }),
        this.opTimeoutMs,
        'rate limit',
      );
      const [allowed, waitMs] = (reply as unknown[]).map(Number);
      return allowed === 1 ? { allowed: true } : { allowed: false, retryAfterMs: Math.max(1, waitMs ?? 1) };
    } catch (error) {
      this.link.failed('rate limit', error);
      return this.fallback.takeNow(key);
    }
  }
}
