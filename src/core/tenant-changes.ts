import type { TenantId } from './types.ts';

/**
 * "A server's articles changed": told by whoever stored or removed an article (a command, an
 * ingest run, a feed poll), heard by every process that caches per-server lists (autocomplete).
 * A port: in this process by default, over Redis pub/sub when several processes share the data.
 * Delivery is best effort; caches still expire on their own, so a lost notice only delays.
 */
export interface TenantChanges {
  /** Tells every listener, in this process and (when shared) in the others, that `tenant` changed. */
  publish(tenant: TenantId): void;
  /** Calls `listener` for every change, from any process; returns the function that stops it. */
  subscribe(listener: (tenant: TenantId) => void): () => void;
  /** Sends what is still pending (bounded) and stops listening. */
  close(): Promise<void>;
}

/** TenantChanges within one process: listeners are called at once, synchronously. */
export class LocalTenantChanges implements TenantChanges {
  private readonly listeners = new Set<(tenant: TenantId) => void>();

  publish(tenant: TenantId): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(tenant);
      } catch {
        // A listener's fault is its own: the others are still told.
      }
    }
  }

  subscribe(listener: (tenant: TenantId) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many listeners there are, so an adapter knows whether anyone in this process listens. */
  get size(): number {
    return this.listeners.size;
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
