/**
 * A circuit breaker for the LLM: after `threshold` consecutive outages, calls are refused at
 * once for `coolDownMs` (the fallback answers without waiting out timeouts and retries), then
 * one call probes; its success closes the breaker, its failure opens it again. Time comes from
 * the Clock port, so tests move it instead of sleeping.
 */
import type { Clock } from '../core/clock.ts';

export interface CircuitBreakerOptions {
  clock: Clock;
  /** Consecutive outages that open the breaker; default 3. */
  threshold?: number | undefined;
  /** How long it stays open before a probe; default 30 s. */
  coolDownMs?: number | undefined;
}

export class CircuitBreaker {
  private readonly clock: Clock;
  private readonly threshold: number;
  private readonly coolDownMs: number;
  private failures = 0;
  private openUntil = 0;
  private probing = false;

  constructor(options: CircuitBreakerOptions) {
    this.clock = options.clock;
    this.threshold = Math.max(1, options.threshold ?? 3);
    this.coolDownMs = Math.max(0, options.coolDownMs ?? 30_000);
  }

  /** True when a call may go out now: closed, or the one probe after a cool-down. */
  admit(): boolean {
    if (this.failures < this.threshold) return true;
    if (this.clock.now().getTime() < this.openUntil || this.probing) return false;
    this.probing = true;
    return true;
  }

  /** The server answered (whatever the answer was worth): close the breaker. */
  succeeded(): void {
    this.failures = 0;
    this.probing = false;
  }

  /** The server was unreachable, failing or rate-limiting: count it, open at the threshold. */
  failed(): void {
    this.failures++;
    this.probing = false;
    if (this.failures >= this.threshold) this.openUntil = this.clock.now().getTime() + this.coolDownMs;
  }

  /** When the next probe may go out (ms since the epoch), or undefined while closed. */
  get reopensAt(): number | undefined {
    return this.failures >= this.threshold ? this.openUntil : undefined;
  }
}
