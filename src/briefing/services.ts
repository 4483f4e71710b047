import type { Clock } from '../core/clock.ts';
import type { Fetcher } from '../core/fetcher.ts';
import type { Logger } from '../core/logger.ts';
import type { Publisher } from '../core/publisher.ts';
import type { UsageLedger } from '../core/usage.ts';
import type { DigestStore } from '../digests/digest-store.ts';
import type { FeedServices } from '../feeds/feed-deps.ts';
import type { BriefingEngine } from '../llm/engine.ts';
import type { ModelPrice } from '../llm/prices.ts';
import type { ArticleStore } from '../store/article-store.ts';
import type { NearDuplicateStore } from '../store/near-duplicate-store.ts';

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
  /** The guarded web (links, feeds); absent where nothing may be fetched. */
  fetcher?: Fetcher | undefined;
  /** Digest schedules and their runs. */
  digests: DigestStore;
  /** Where posts without an interaction go (digests); each transport sets its own. */
  publisher?: Publisher | undefined;
  /** Near-duplicate index and merged outlets; without it only identical texts are duplicates. */
  nearDuplicates?: NearDuplicateStore | undefined;
  /** Feed store, fetcher and publisher for `/feed`; absent where feeds are not wired. */
  feeds?: FeedServices | undefined;
}

/** The services of a process that can post: its publisher for digests and feed announcements. */
export function withPublisher(services: Services, publisher: Publisher): Services {
  return {
    ...services,
    publisher,
    feeds: services.feeds ? { ...services.feeds, publisher } : undefined,
  };
}
