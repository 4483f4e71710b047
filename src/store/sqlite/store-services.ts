import type { Services } from '../../briefing/services.ts';
import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import type { BriefingEngine } from '../../llm/engine.ts';
import { DEFAULT_PRICES, type ModelPrice } from '../../llm/prices.ts';
import type { SqliteArticleStore } from './sqlite-article-store.ts';

/**
 * The services over one SQLite store: the store with its usage ledger and digest store on the
 * same connection, and the given engine, clock and logger. Optional parts (fetcher, feeds,
 * near-duplicates, publisher) are added by whoever has them.
 */
export function storeServices(
  store: SqliteArticleStore,
  parts: {
    engine: BriefingEngine;
    clock: Clock;
    logger: Logger;
    prices?: Readonly<Record<string, ModelPrice>> | undefined;
  },
): Services {
  return {
    store,
    engine: parts.engine,
    clock: parts.clock,
    logger: parts.logger,
    usage: store.usageLedger(),
    prices: parts.prices ?? DEFAULT_PRICES,
    digests: store.digestStore(),
  };
}
