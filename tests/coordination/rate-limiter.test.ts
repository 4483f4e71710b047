/**
 * The RateLimiter port: one contract, run against the in-memory limiter and against the Redis one
 * on the real Redis (127.0.0.1:6379, a prefix per test); then what only Redis can do (two
 * processes' limiters share buckets) and what must hold when it is down (the process answers alone).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisLink } from '../../src/coordination/redis-link.ts';
import { RedisRateLimiter } from '../../src/coordination/redis-rate-limiter.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { MemoryRateLimiter, type RateLimiter, type RateLimitOptions } from '../../src/core/rate-limiter.ts';
import { RecordingLogger } from '../cache/recording-logger.ts';
import { REDIS_URL, skipRedisTests } from '../cache/redis-probe.ts';
import { freePort } from '../cache/redis-server-process.ts';

const skipRedis = await skipRedisTests();

type Make = (clock: FakeClock, options: RateLimitOptions) => RateLimiter;

function describeRateLimiterContract(name: string, setUp: () => { make: Make; cleanup(): Promise<void> }) {
  describe(`RateLimiter contract: ${name}`, () => {
    let env: ReturnType<typeof setUp>;
    afterEach(async () => env?.cleanup());

    it('allows a burst, then refuses with the wait, and refills with time', async () => {
      env = setUp();
      const clock = new FakeClock();
      const limiter = env.make(clock, { capacity: 2, refillMs: 10_000 });
      expect(await limiter.take('g:u')).toEqual({ allowed: true });
      expect(await limiter.take('g:u')).toEqual({ allowed: true });
      expect(await limiter.take('g:u')).toEqual({ allowed: false, retryAfterMs: 10_000 });
      expect(await limiter.take('g:other')).toEqual({ allowed: true });
      clock.advance(4_000);
      expect(await limiter.take('g:u')).toEqual({ allowed: false, retryAfterMs: 6_000 });
      clock.advance(6_000);
      expect(await limiter.take('g:u')).toEqual({ allowed: true });
      clock.advance(60_000);
      // Refill stops at the capacity.
      expect(await limiter.take('g:u')).toEqual({ allowed: true });
      expect(await limiter.take('g:u')).toEqual({ allowed: true });
      expect((await limiter.take('g:u')).allowed).toBe(false);
    });

    it('keeps each key to its own bucket, and a clock that went back refills nothing', async () => {
      env = setUp();
      const clock = new FakeClock();
      const limiter = env.make(clock, { capacity: 1, refillMs: 1_000 });
      expect((await limiter.take('a:1')).allowed).toBe(true);
      expect((await limiter.take('a:2')).allowed).toBe(true);
      expect((await limiter.take('b:1')).allowed).toBe(true);
      clock.advance(-5_000);
      expect(await limiter.take('a:1')).toEqual({ allowed: false, retryAfterMs: 1_000 });
    });
  });
}

describeRateLimiterContract('in memory', () => ({
  make: (clock, options) => new MemoryRateLimiter(clock, options),
  cleanup: async () => {},
}));

function redisLinks() {
  const links: RedisLink[] = [];
  const prefix = `test:${randomUUID().slice(0, 8)}:`;
  return {
    prefix,
    link(url = REDIS_URL, logger = silentLogger) {
      const link = new RedisLink({ url, prefix, logger });
      links.push(link);
      return link;
    },
    async cleanup() {
      for (const link of links.splice(0)) await link.close();
    },
  };
}

describe.skipIf(skipRedis)('RedisRateLimiter on the real Redis', () => {
  describeRateLimiterContract('Redis', () => {
    const links = redisLinks();
    return {
      make: (clock, options) => new RedisRateLimiter(links.link(), clock, options),
      cleanup: links.cleanup,
    };
  });

  it("shares buckets between two processes' limiters, atomically", async ({ onTestFinished }) => {
    const links = redisLinks();
    onTestFinished(links.cleanup);
    const clock = new FakeClock();
    const options = { capacity: 5, refillMs: 60_000 };
    const a = new RedisRateLimiter(links.link(), clock, options);
    const b = new RedisRateLimiter(links.link(), clock, options);
    // 20 takes at once from two connections: exactly the 5 tokens are handed out.
    const decisions = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).take('g:u')));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    expect((await a.take('g:u')).allowed).toBe(false);
    expect((await b.take('g:u')).allowed).toBe(false);
    // Another prefix (another deployment, another test) has its own buckets.
    const other = new RedisRateLimiter(redisLinks().link(), clock, options);
    expect((await other.take('g:u')).allowed).toBe(true);
  });

  it('stores the bucket under the prefix, with an expiry', async ({ onTestFinished }) => {
    const links = redisLinks();
    onTestFinished(links.cleanup);
    const link = links.link();
    await new RedisRateLimiter(link, new FakeClock(), { capacity: 3, refillMs: 1_000 }).take('g:u');
    const client = await link.client();
    const ttl = await client.pTTL(`${links.prefix}rate:g:u`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(4_000);
  });
});

describe('RedisRateLimiter with Redis unreachable', () => {
  it("answers from this process's own buckets and warns once", async ({ onTestFinished }) => {
    const links = redisLinks();
    onTestFinished(links.cleanup);
    const logger = new RecordingLogger();
    const link = links.link(`redis://127.0.0.1:${await freePort()}`, logger);
    const limiter = new RedisRateLimiter(link, new FakeClock(), { capacity: 2, refillMs: 60_000 });
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.take('g:u'));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, false, false]);
    const warnings = logger.at('warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toMatch(/Redis unreachable/);
  });
});
