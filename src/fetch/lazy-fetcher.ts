import type { Fetcher, FetchOutcome, FetchRequest } from '../core/fetcher.ts';
import type { GuardedFetcher, GuardedFetcherOptions } from './guarded-fetcher.ts';

/**
 * A GuardedFetcher built on first use: undici and the address tables cost start-up time that a
 * terminal session which never fetches should not pay.
 */
export class LazyGuardedFetcher implements Fetcher {
  private loading: Promise<GuardedFetcher> | undefined;

  constructor(private readonly options: GuardedFetcherOptions = {}) {}

  async fetch(request: FetchRequest): Promise<FetchOutcome> {
    this.loading ??= import('./guarded-fetcher.ts').then((m) => new m.GuardedFetcher(this.options));
    return (await this.loading).fetch(request);
  }

  /** Closes the pooled connections, if any were opened. */
  async close(): Promise<void> {
    await (await this.loading)?.close();
  }
}
