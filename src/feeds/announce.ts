import type { Reply } from '../commands/reply.ts';
import type { Destination, PublishOptions } from '../core/publisher.ts';
import type { Source } from '../core/types.ts';
import type { AnnouncedItem, AnnouncementClaim } from '../store/feed-store.ts';
import type { FeedDeps } from './feed-deps.ts';
import { feedMessages } from './feed-messages.ts';

/** Items shown in one announcement; the rest of the batch is counted in the footer. */
export const MAX_ANNOUNCED_ITEMS = 10;

/** How long a claimed batch is held before another process may take it over (and look for the post). */
const ANNOUNCE_LEASE_MS = 2 * 60_000;

/**
 * Posts the feed's pending items as one message, each item exactly once: the items are claimed
 * in the store first (a batch with a run id), and a batch whose claimant vanished is first looked
 * for on the transport before it is posted again. Returns how many items the post carried.
 */
export async function announcePending(
  deps: Pick<FeedDeps, 'feeds' | 'publisher' | 'clock' | 'logger'>,
  tenant: string,
  feedId: number,
  feedName: string,
): Promise<number> {
  const { publisher } = deps;
  if (!publisher) return 0;
  const claim = await deps.feeds.claimAnnouncement(tenant, feedId, deps.clock.now(), ANNOUNCE_LEASE_MS);
  if (!claim) return 0;
  const destination: Destination = { tenant, channelId: claim.channelId };
  const options: PublishOptions = { kind: 'announcement', runId: claim.runId };
  if (claim.resumed) {
    const earlier = await publisher.findPost(destination, options, claim.createdAt);
    if (earlier.found === true) {
      await deps.feeds.completeAnnouncement(claim, earlier.ref);
      return claim.items.length;
    }
    // 'unknown' posts again: a transport that cannot look relies on its nonce to drop a repeat.
  }
  const outcome = await publisher.publish(destination, announcementReply(feedName, claim), options);
  if (outcome.ok) {
    await deps.feeds.completeAnnouncement(claim, outcome.ref);
    return claim.items.length;
  }
  deps.logger.warn({ feedId, tenant, code: outcome.code }, 'feed announcement not posted');
  await deps.feeds.releaseAnnouncement(claim, outcome.code === 'TRANSIENT' ? undefined : outcome.code);
  return 0;
}

/** One message: up to 10 items (title, one-sentence summary, numbered link), newest first. */
export function announcementReply(feedName: string, claim: Pick<AnnouncementClaim, 'items'>): Reply {
  const shown = claim.items.slice(0, MAX_ANNOUNCED_ITEMS);
  const sources: Source[] = [];
  const lines = shown.map((item, index) => {
    const n = index + 1;
    sources.push(toSource(item, n));
    return item.summary ? `${item.title}: ${item.summary} [${n}]` : `${item.title} [${n}]`;
  });
  const more = claim.items.length - shown.length;
  return {
    title: feedMessages.announcementTitle(feedName),
    sections: [{ heading: feedMessages.announcementHeading(claim.items.length), items: lines }],
    sources,
    footer: more > 0 ? feedMessages.announcementMore(more) : undefined,
  };
}

function toSource(item: AnnouncedItem, n: number): Source {
  return { n, articleId: item.articleId ?? 0, title: item.title, url: item.link };
}
