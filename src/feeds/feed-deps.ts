import type { Services } from '../briefing/services.ts';
import type { Clock } from '../core/clock.ts';
import type { Fetcher } from '../core/fetcher.ts';
import type { Logger } from '../core/logger.ts';
import type { Publisher } from '../core/publisher.ts';
import type { BriefingEngine } from '../llm/engine.ts';
import type { ArticleStore } from '../store/article-store.ts';
import type { FeedStore } from '../store/feed-store.ts';
import type { NearDuplicateStore } from '../store/near-duplicate-store.ts';

/** The ports feed work needs, beside the usual ones: given to the commands through `Services.feeds`. */
export interface FeedServices {
  feeds: FeedStore;
  fetcher: Fetcher;
  /** Absent where nothing can be posted (then items are stored, never announced). */
  publisher?: Publisher | undefined;
}

/** Everything the poller uses. */
export interface FeedDeps extends FeedServices {
  store: ArticleStore;
  /** Merges other outlets' copies of a stored story (a wire story in several feeds) into it. */
  nearDuplicates?: NearDuplicateStore | undefined;
  engine: BriefingEngine;
  clock: Clock;
  logger: Logger;
}

/** The poller's dependencies from a command's services, or undefined when feeds are not wired. */
export function feedDeps(services: Services): FeedDeps | undefined {
  if (!services.feeds) return undefined;
  return {
    ...services.feeds,
    store: services.store,
    nearDuplicates: services.nearDuplicates,
    engine: services.engine,
    clock: services.clock,
    logger: services.logger,
  };
}
