import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { Publisher } from '../core/publisher.ts';
import type { UsageLedger } from '../core/usage.ts';
import type { DigestStore } from '../digests/digest-store.ts';
import type { BriefingEngine } from '../llm/engine.ts';
import type { ModelPrice } from '../llm/prices.ts';
import type { ArticleStore } from '../store/article-store.ts';

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
  /** Digest schedules and their runs. */
  digests: DigestStore;
  /** Where posts without an interaction go (digests); each transport sets its own. */
  publisher?: Publisher | undefined;
}
