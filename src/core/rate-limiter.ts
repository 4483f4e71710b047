import type { Clock } from './clock.ts';

export interface RateLimitOptions {
  /** Requests allowed in a burst. */
  capacity: number;
  /** Milliseconds to earn back one request. */
  refillMs: number;
  /** Buckets kept before the oldest idle ones are dropped, so memory stays bounded. */
  maxKeys?: number;
}

/** Either allowed, or refused with how long to wait. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Per-caller token buckets (key: guild + user): bursts allowed, sustained load capped. A port: in
 * memory per process by default, on Redis when several processes share the limits (REDIS_URL).
 */
export interface RateLimiter {
  /** Takes one token for `key` if there is one. */
  take(key: string): Promise<RateDecision>;
}

/** A token bucket per key in this process's memory; time from the Clock. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly clock: Clock,
    private readonly options: RateLimitOptions,
  ) {}

  /** Takes one token for `key` if there is one. */
  async take(key: string): Promise<RateDecision> {
    return this.takeNow(key);
  }

  /** {@link take}, synchronously (the Redis limiter's fallback answers without a tick). */
  takeNow(key: string): RateDecision {
    const now = this.clock.now().getTime();
    const { capacity, refillMs } = this.options;
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
    // A clock that went back refills nothing (rather than taking tokens away).
    const tokens = Math.min(capacity, bucket.tokens + Math.max(0, now - bucket.at) / refillMs);
    const at = Math.max(now, bucket.at);
    this.buckets.delete(key); // re-inserted below: Map order doubles as least-recently-used order
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at });
      this.evict();
      return { allowed: true };
    }
    this.buckets.set(key, { tokens, at });
    return { allowed: false, retryAfterMs: Math.ceil((1 - tokens) * refillMs) };
  }

  private evict(): void {
    const max = this.options.maxKeys ?? 10_000;
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= max) break;
      this.buckets.delete(key);
    }
  }
}

/** "12 seconds", "1 minute": the wait as a person reads it. */
export function formatWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
