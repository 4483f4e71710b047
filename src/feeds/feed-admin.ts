import { TERMINAL_CHANNEL_ID } from '../commands/command.ts';
import { messageReply, type Reply, type Section } from '../commands/reply.ts';
import type { TenantId } from '../core/types.ts';
import type { FeedRecord } from '../store/feed-store.ts';
import type { FeedDeps } from './feed-deps.ts';
import { DISABLED_FIXES, feedMessages } from './feed-messages.ts';
import { FEED_POLL_DEFAULTS } from './feed-poll-job.ts';
import { FEED_SCHEDULE } from './feed-schedule.ts';
import { feedName, pollClaimedFeed } from './poll-feed.ts';

export interface FollowFeedInput {
  url: string;
  topic?: string | undefined;
  announceChannelId?: string | undefined;
  intervalMinutes?: number | undefined;
}

/**
 * `/feed add`: checks the address serves a feed (one fetch and parse) before following it. The
 * first poll, on the next scheduler tick or `/feed check`, stores the current items unannounced.
 */
export async function followFeed(deps: FeedDeps, tenant: TenantId, input: FollowFeedInput): Promise<Reply> {
  const url = normaliseFeedUrl(input.url);
  if (!url) return messageReply(feedMessages.badUrl(input.url), 'bad-option');
  const known = (await deps.feeds.listFeeds(tenant)).find((f) => f.url === url);
  if (known) return messageReply(feedMessages.alreadyFollowed(known.id), 'rejected');
  const fetched = await deps.fetcher.fetch({ url, purpose: 'feed' });
  if (!fetched.ok) return messageReply(feedMessages.fetchFailed(url, fetched.message), 'rejected');
  const { parseFeedDocument } = await import('./parse-feed.ts');
  const parsed = parseFeedDocument(fetched.resource.text, fetched.resource.url || url);
  if (!parsed.ok) return messageReply(feedMessages.notAFeed(url, parsed.message), 'rejected');
  const interval = input.intervalMinutes ?? FEED_SCHEDULE.defaultIntervalMinutes;
  const added = await deps.feeds.addFeed(
    tenant,
    {
      url,
      title: parsed.value.title,
      topic: input.topic?.trim() || undefined,
      announceChannelId: input.announceChannelId,
      intervalMinutes: interval,
    },
    deps.clock.now(),
  );
  if (added.status === 'exists') return messageReply(feedMessages.alreadyFollowed(added.feed.id), 'rejected');
  return messageReply(
    feedMessages.added(
      added.feed.id,
      feedName(added.feed),
      parsed.value.totalItems,
      interval,
      channelLabel(input.announceChannelId),
    ),
  );
}

/** `/feed list`: each feed with its topic, channel, polls, items, and a disabled code with its fix. */
export async function listFeedsReply(deps: FeedDeps, tenant: TenantId): Promise<Reply> {
  const feeds = await deps.feeds.listFeeds(tenant);
  if (feeds.length === 0) return messageReply(feedMessages.noFeeds);
  const sections: Section[] = feeds.map((feed) => ({
    heading: `Feed ${feed.id}: ${feedName(feed)}`,
    items: describe(feed),
  }));
  return { title: feedMessages.listHeading(feeds.length), sections, sources: [] };
}

function describe(feed: FeedRecord): string[] {
  const lines = [`address: ${feed.url}`];
  if (feed.topic) lines.push(`topic: ${feed.topic}`);
  lines.push(`announces in: ${channelLabel(feed.announceChannelId) ?? 'nowhere (stored silently)'}`);
  lines.push(`every ${feed.intervalMinutes} min; last poll: ${when(feed.lastPolledAt) ?? 'not yet'}`);
  if (feed.disabledCode) {
    lines.push(`DISABLED (${feed.disabledCode}): ${DISABLED_FIXES[feed.disabledCode]}`);
  } else {
    lines.push(`next poll: ${when(feed.nextPollAt)}`);
  }
  lines.push(`items seen: ${feed.itemCount}`);
  if (feed.failures > 0 && !feed.disabledCode) {
    lines.push(
      `failing: ${feed.failures} in a row (${feed.lastError ?? 'no detail'}); retrying with backoff`,
    );
  }
  if (feed.announceError)
    lines.push(`announcing stopped (${feed.announceError}); fix the channel, then /feed resume`);
  return lines;
}

/** `/feed remove`. */
export async function unfollowFeed(deps: FeedDeps, tenant: TenantId, id: number): Promise<Reply> {
  const feed = await deps.feeds.getFeed(tenant, id);
  if (!feed || !(await deps.feeds.removeFeed(tenant, id)))
    return messageReply(feedMessages.notFound(id), 'not-found');
  return messageReply(feedMessages.removed(id, feedName(feed)));
}

/** `/feed resume`: clears a disabled code, the failure count and a stopped announcement. */
export async function resumeFeed(deps: FeedDeps, tenant: TenantId, id: number): Promise<Reply> {
  const feed = await deps.feeds.resumeFeed(tenant, id, deps.clock.now());
  if (!feed) return messageReply(feedMessages.notFound(id), 'not-found');
  return messageReply(feedMessages.resumed(id, feedName(feed)));
}

/** `/feed check`: polls one feed now, through the same path as the scheduler. */
export async function checkFeed(deps: FeedDeps, tenant: TenantId, id: number): Promise<Reply> {
  const claim = await deps.feeds.claimFeed(tenant, id, deps.clock.now(), FEED_POLL_DEFAULTS.leaseMs);
  if (!claim) {
    const feed = await deps.feeds.getFeed(tenant, id);
    if (!feed) return messageReply(feedMessages.notFound(id), 'not-found');
    if (feed.disabledCode) return messageReply(feedMessages.disabled(id, feed.disabledCode), 'rejected');
    return messageReply(feedMessages.busy(id), 'rejected');
  }
  const report = await pollClaimedFeed(deps, claim);
  switch (report.status) {
    case 'failed':
      return messageReply(
        report.disabled
          ? feedMessages.disabled(id, report.code as NonNullable<FeedRecord['disabledCode']>)
          : feedMessages.checkFailed(id, report.message),
        'rejected',
      );
    case 'not-modified':
    case 'unchanged':
      return messageReply(feedMessages.notModified(id));
    case 'polled':
      return messageReply(feedMessages.checked(id, report));
  }
}

/** A feed address as stored: http(s) only, without its fragment. */
export function normaliseFeedUrl(raw: string): string | undefined {
  try {
    const url = new URL(raw.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    url.hash = '';
    return url.toString();
  } catch {
    return undefined;
  }
}

/** How a channel is named in replies: Discord renders `<#id>` as the channel (a mention that pings nobody). */
function channelLabel(channelId: string | undefined): string | undefined {
  if (!channelId) return undefined;
  return channelId === TERMINAL_CHANNEL_ID ? feedMessages.shellChannel : `<#${channelId}>`;
}

function when(date: Date | undefined): string | undefined {
  return date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : undefined;
}
