import type { Clock } from '../core/clock.ts';
import type { BriefingEngine } from '../llm/engine.ts';
import type { ModelPrice } from '../llm/prices.ts';
import type { UsageLedger } from '../llm/usage.ts';
import type { ArticleStore } from '../store/article-store.ts';

/** Minimal structured logger port; the composition root passes pino or a silent one. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** Everything a use-case needs, passed in rather than reached for. */
export interface Services {
  store: ArticleStore;
  engine: BriefingEngine;
  clock: Clock;
  logger: Logger;
  /** Per-tenant LLM usage, read by /usage. */
  usage: UsageLedger;
  /** $ per million tokens by model, for cost estimates. */
  prices: Readonly<Record<string, ModelPrice>>;
}
