/**
 * The LLM result cache as core and engines see it: content-addressed, single-flight, and never
 * allowed to fail a command. Implementations sit on keyv (SQLite by default, Redis when shared).
 */

/** What a cached result is keyed by: everything that changes the result, nothing that doesn't. */
export interface CacheKeyParts {
  /** The kind of work, also the keyv namespace: "analyse", "brief", "answer". */
  task: string;
  /** Bumped whenever a prompt's wording or output schema changes. */
  promptVersion: string;
  model: string;
  /** Content hashes of the inputs (article content hashes, passage texts hashed...). */
  inputs: string[];
  /** Options that change the output (length, temperature...), as a flat record. */
  options?: Record<string, string | number | boolean> | undefined;
}

export interface CacheOutcome<T> {
  value: T;
  /** True when the value came from the cache (or from a concurrent identical call's result). */
  hit: boolean;
}

export interface LlmCache {
  /**
   * Returns the cached value for the key, or runs `compute` once (concurrent callers with the same
   * key share it), stores the result when `cacheable`, and returns it. Errors from `compute` are
   * never cached; errors from the cache itself are logged and bypassed.
   */
  getOrCompute<T>(
    key: CacheKeyParts,
    compute: () => Promise<{ value: T; cacheable: boolean }>,
  ): Promise<CacheOutcome<T>>;
}

/**
 * A short lock shared by every process using the same cache backend, so two processes asking the
 * same thing make one LLM call (Redis: SET NX PX). Optional: without it, single-flight is per process.
 */
export interface FlightLock {
  /** Takes the lock on `key` for `ttlMs`; false when another process holds it. */
  acquire(key: string, ttlMs: number): Promise<boolean>;
  /** Releases a lock this process took (a no-op once it expired or passed to another). */
  release(key: string): Promise<void>;
}
