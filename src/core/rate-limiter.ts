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

/** A token bucket per key (guild + user): bursts allowed, sustained load capped; time from the Clock. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly clock: Clock,
    private readonly options: RateLimitOptions,
  ) {}

  /** Takes one token for `key` if there is one. */
  take(key: string): RateDecision {
    const now = this.clock.now().getTime();
    const { capacity, refillMs } = this.options;
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
    const tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) / refillMs);
    this.buckets.delete(key); // re-inserted below: Map order doubles as least-recently-used order
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      this.evict();
      return { allowed: true };
    }
    this.buckets.set(key, { tokens, at: now });
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
