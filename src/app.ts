import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { aliasKeys } from './actors/registry.ts';
import type { Logger, Services } from './briefing/services.ts';
import { type Clock, systemClock } from './core/clock.ts';
import { OfflineEngine } from './llm/offline/offline-engine.ts';
import { DEFAULT_PRICES } from './llm/prices.ts';
import { SqliteArticleStore } from './store/sqlite/sqlite-article-store.ts';

export interface AppOptions {
  dataDir: string;
  logLevel: string;
  clock?: Clock | undefined;
}

export interface App {
  services: Services;
  close(): Promise<void>;
}

/** The composition root: the only place that picks implementations for the ports. */
export function createApp(options: AppOptions): App {
  mkdirSync(options.dataDir, { recursive: true });
  const clock = options.clock ?? systemClock;
  // Logs go to standard error so the terminal transport's standard output stays clean for scripts.
  const logger: Logger = pino({ level: options.logLevel, base: undefined }, pino.destination(2));
  const store = SqliteArticleStore.open({ path: join(options.dataDir, 'briefing.db'), clock, aliasKeys });
  const engine = new OfflineEngine();
  const usage = store.usageLedger();
  return {
    services: { store, engine, clock, logger, usage, prices: DEFAULT_PRICES },
    close: () => store.close(),
  };
}
