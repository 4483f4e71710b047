import type { Services } from '../briefing/services.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { BriefingEngine } from '../llm/engine.ts';
import { DEFAULT_PRICES, type ModelPrice } from '../llm/prices.ts';
import type { Backend } from './backend.ts';

/**
 * The services over one backend (SQLite or PostgreSQL): its article store, usage ledger and digest
 * store, and the given engine, clock and logger. Optional parts (near-duplicate merging, fetcher,
 * feeds, publisher) are added by whoever wants them.
 */
export function storeServices(
  backend: Backend,
  parts: {
    engine: BriefingEngine;
    clock: Clock;
    logger: Logger;
    prices?: Readonly<Record<string, ModelPrice>> | undefined;
  },
): Services {
  return {
    store: backend.store,
    engine: parts.engine,
    clock: parts.clock,
    logger: parts.logger,
    usage: backend.usage,
    prices: parts.prices ?? DEFAULT_PRICES,
    digests: backend.digests,
  };
}
