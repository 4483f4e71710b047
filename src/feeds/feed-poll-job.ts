import type { DueJob } from '../core/scheduler.ts';
import type { PollClaim } from '../store/feed-store.ts';
import type { FeedDeps } from './feed-deps.ts';
import { mapLimit } from './map-limit.ts';
import { type PollReport, pollClaimedFeed } from './poll-feed.ts';

export interface FeedPollJobOptions {
  /** Feeds claimed per tick; the rest wait for the next one. */
  batchSize?: number | undefined;
  /** Feeds polled at once. */
  concurrency?: number | undefined;
  /** How long a claim holds a feed: longer than one poll takes, short enough to recover from a crash. */
  leaseMs?: number | undefined;
}

export const FEED_POLL_DEFAULTS = { batchSize: 25, concurrency: 4, leaseMs: 15 * 60_000 } as const;

/**
 * The scheduler's feed job: each tick claims a bounded batch of due feeds (leases in the store,
 * so two processes never poll one feed at once) and polls them. A fault in one feed is logged
 * and leaves its lease to run out; the others go on.
 */
export class FeedPollJob implements DueJob {
  readonly name = 'feeds';
  private readonly options: Required<{ [K in keyof FeedPollJobOptions]: number }>;

  constructor(
    private readonly deps: FeedDeps,
    options: FeedPollJobOptions = {},
  ) {
    this.options = {
      batchSize: options.batchSize ?? FEED_POLL_DEFAULTS.batchSize,
      concurrency: options.concurrency ?? FEED_POLL_DEFAULTS.concurrency,
      leaseMs: options.leaseMs ?? FEED_POLL_DEFAULTS.leaseMs,
    };
  }

  async runDue(now: Date): Promise<number> {
    const claims = await this.deps.feeds.claimDueFeeds(now, this.options.batchSize, this.options.leaseMs);
    const reports = await mapLimit(claims, this.options.concurrency, (claim) => this.pollSafely(claim));
    return reports.filter((r) => r !== undefined).length;
  }

  /** Polls one claimed feed now (`/feed check` uses the same path). */
  pollSafely(claim: PollClaim): Promise<PollReport | undefined> {
    return pollClaimedFeed(this.deps, claim).catch((error: unknown) => {
      this.deps.logger.error({ err: error, feedId: claim.feed.id }, 'feed poll fault');
      return undefined;
    });
  }
}
