import { Keyv, type KeyvStoreAdapter } from 'keyv';
import { type Clock, systemClock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import { cacheKey } from './cache-key.ts';
import type { CacheKeyParts, CacheOutcome, FlightLock, LlmCache } from './llm-cache.ts';
import { describeError } from './redact.ts';
import { withTimeout } from './with-timeout.ts';

/** Options of {@link KeyvLlmCache}. */
export interface KeyvLlmCacheOptions {
  /** Shared by every task namespace; default: an in-memory Map (per process, lost on exit). */
  store?: KeyvStoreAdapter | Map<unknown, unknown> | undefined;
  logger: Logger;
  /** Lifetime of an entry; default: no expiry (the store may still evict). */
  ttlMs?: number | undefined;
  /** Budget of every single cache read or write; default 500 ms. */
  opTimeoutMs?: number | undefined;
  /** After a cache failure, how long to go straight to `compute` before trying the store again; default 5 s. */
  retryAfterMs?: number | undefined;
  /** Where time comes from (retry windows, expiry); default the system clock. Injected so tests need no sleeping. */
  clock?: Clock | undefined;
  /** Single flight across processes (Redis); default none: single flight within this process only. */
  lock?: FlightLock | undefined;
  /** How long a lock holder has to compute; waiters give up and compute themselves after it; default 30 s. */
  lockTtlMs?: number | undefined;
  /** How often a waiter looks for the holder's result; default 100 ms. */
  lockPollMs?: number | undefined;
}

/** What the leader of a single flight hands to everyone waiting on the same key. */
interface Flight {
  value: unknown;
  hit: boolean;
}

/**
 * LlmCache on keyv: one Keyv per task namespace over one shared store, single-flight per key, and
 * every store operation bounded and fail-open, so a slow or dead cache only costs a recompute.
 *
 * Values are stored through keyv's JSON serialisation: they must be JSON-safe (plain objects,
 * arrays, strings, finite numbers, booleans, null). Dates come back as strings, Maps and class
 * instances lose their shape, and `undefined` reads back as a miss.
 */
export class KeyvLlmCache implements LlmCache {
  private readonly store: KeyvStoreAdapter | Map<unknown, unknown>;
  private readonly logger: Logger;
  private readonly ttlMs: number | undefined;
  private readonly opTimeoutMs: number;
  private readonly retryAfterMs: number;
  private readonly now: () => number;
  private readonly keyvs = new Map<string, Keyv>();
  private readonly lock: FlightLock | undefined;
  private readonly lockTtlMs: number;
  private readonly lockPollMs: number;
  private readonly inflight = new Map<string, Promise<Flight>>();
  /** True from the first failure of a burst until an operation succeeds again: one warning per burst. */
  private failing = false;
  private bypassUntil = 0;
  /** The latest error a store reported as an event, attached to the next warning as its likely cause. */
  private lastStoreEvent: unknown;

  constructor(options: KeyvLlmCacheOptions) {
    this.store = options.store ?? new Map<unknown, unknown>();
    this.logger = options.logger;
    this.ttlMs = options.ttlMs;
    this.opTimeoutMs = options.opTimeoutMs ?? 500;
    this.retryAfterMs = options.retryAfterMs ?? 5000;
    const clock = options.clock ?? systemClock;
    this.now = () => clock.now().getTime();
    this.lock = options.lock;
    this.lockTtlMs = options.lockTtlMs ?? 30_000;
    this.lockPollMs = options.lockPollMs ?? 100;
  }

  /** Cached value for the key, or the result of one shared `compute` (stored when cacheable). */
  async getOrCompute<T>(
    parts: CacheKeyParts,
    compute: () => Promise<{ value: T; cacheable: boolean }>,
  ): Promise<CacheOutcome<T>> {
    const { namespace, key } = cacheKey(parts);
    const id = `${namespace}:${key}`;
    const pending = this.inflight.get(id);
    if (pending) {
      const shared = await pending;
      return { value: shared.value as T, hit: true };
    }
    const flight = this.lead(namespace, key, compute);
    this.inflight.set(id, flight);
    try {
      const own = await flight;
      return { value: own.value as T, hit: own.hit };
    } finally {
      if (this.inflight.get(id) === flight) this.inflight.delete(id);
    }
  }

  /** Reads, computes on a miss and writes; the write is awaited so the next caller finds the entry. */
  private async lead<T>(
    namespace: string,
    key: string,
    compute: () => Promise<{ value: T; cacheable: boolean }>,
  ): Promise<Flight> {
    const keyv = this.keyvFor(namespace);
    const cached = await this.attempt('get', namespace, () => keyv.get<T>(key));
    if (cached !== undefined) return { value: cached, hit: true };
    const lockKey = `${namespace}:${key}`;
    let locked = this.lock
      ? await this.attempt('lock', namespace, () => this.lock!.acquire(lockKey, this.lockTtlMs))
      : undefined;
    if (locked === false) {
      // Another process is computing this very result: wait for it rather than pay twice.
      const waited = await this.waitForOther<T>(keyv, key, namespace, lockKey);
      if (waited.value !== undefined) return { value: waited.value, hit: true };
      locked = waited.locked;
    }
    try {
      const result = await compute();
      // Fallback answers (cacheable: false) must never be served later as if the LLM had said them.
      if (result.cacheable && result.value !== undefined) {
        await this.attempt('set', namespace, () => keyv.set(key, result.value));
      }
      return { value: result.value, hit: false };
    } finally {
      if (locked) await this.attempt('unlock', namespace, () => this.lock!.release(lockKey));
    }
  }

  /**
   * Polls for another process's result while it holds the lock. When the lock comes free without
   * a result (the holder failed: errors are never cached), this process takes it and computes.
   */
  private async waitForOther<T>(
    keyv: Keyv,
    key: string,
    namespace: string,
    lockKey: string,
  ): Promise<{ value?: T | undefined; locked: boolean | undefined }> {
    const polls = Math.ceil(this.lockTtlMs / this.lockPollMs);
    for (let i = 0; i < polls; i++) {
      await new Promise((resolve) => setTimeout(resolve, this.lockPollMs));
      const value = await this.attempt('get', namespace, () => keyv.get<T>(key));
      if (value !== undefined) return { value, locked: undefined };
      const taken = await this.attempt('lock', namespace, () => this.lock!.acquire(lockKey, this.lockTtlMs));
      if (taken !== false) return { locked: taken };
    }
    return { locked: false };
  }

  /** Runs one store operation within the budget; on any failure logs (once per burst) and yields undefined. */
  private async attempt<R>(op: string, namespace: string, run: () => Promise<R>): Promise<R | undefined> {
    if (this.now() < this.bypassUntil) return undefined;
    try {
      const result = await withTimeout(run(), this.opTimeoutMs, op);
      if (this.failing) {
        this.failing = false;
        this.logger.info({ op, namespace }, 'LLM cache answering again');
      }
      return result;
    } catch (error) {
      this.noteFailure(error, op, namespace);
      return undefined;
    }
  }

  private noteFailure(error: unknown, op: string, namespace: string | undefined): void {
    // Skipping the store for a while keeps a hanging cache from adding opTimeoutMs to every command.
    this.bypassUntil = this.now() + this.retryAfterMs;
    const storeEvent = this.lastStoreEvent;
    this.lastStoreEvent = undefined;
    if (this.failing) return;
    this.failing = true;
    this.logger.warn(
      {
        err: describeError(error),
        ...(storeEvent === undefined || storeEvent === error ? {} : { cause: describeError(storeEvent) }),
        op,
        namespace,
        opTimeoutMs: this.opTimeoutMs,
        retryAfterMs: this.retryAfterMs,
      },
      'LLM cache unavailable; computing without it until it answers again',
    );
  }

  private keyvFor(namespace: string): Keyv {
    const existing = this.keyvs.get(namespace);
    if (existing) return existing;
    const store = this.store as { namespace?: string | undefined };
    const ownNamespace = store.namespace;
    const keyv = new Keyv({
      store: this.store,
      namespace,
      ...(this.ttlMs === undefined ? {} : { ttl: this.ttlMs }),
      // Errors must reach attempt() to be bounded and logged; keyv would otherwise swallow failed reads.
      throwOnErrors: true,
    });
    // keyv 5 writes its namespace onto the store it is given. With one store shared by several Keyv
    // instances the last one would win, and @keyv/redis prefixes every key with that store namespace,
    // so creating the "brief" Keyv would move all "analyse" keys. Keyv already prefixes keys with
    // `${namespace}:`, which is enough to keep tasks apart, so the store keeps its own namespace.
    store.namespace = ownNamespace;
    // Stores also report errors as events (a dropped Redis connection between commands). Most events
    // echo a failing operation that attempt() is about to note with its name; deferring lets that
    // happen first, so the warning says which operation failed and the echo is dropped as same-burst.
    // The event often carries the real cause (ECONNREFUSED) where the thrown error is generic.
    keyv.on('error', (error: unknown) => {
      this.lastStoreEvent = error;
      setImmediate(() => this.noteFailure(error, 'store-event', namespace));
    });
    this.keyvs.set(namespace, keyv);
    return keyv;
  }
}
