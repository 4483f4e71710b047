/** Every user-facing sentence about feeds, so wording stays consistent across commands and posts. */
import type { FeedDisabledCode } from '../store/feed-store.ts';

/** What each disabled code means and how to fix it, shown in `/feed list`. */
export const DISABLED_FIXES: Readonly<Record<FeedDisabledCode, string>> = {
  FAILED_REQUESTS:
    'it failed 11 polls in a row. Check that the address opens in a browser, then `/feed resume` it.',
  NOT_FOUND:
    'the address answers "not found". Find the feed’s new address, `/feed remove` this one and `/feed add` the new one.',
  FORBIDDEN:
    'the site refuses the bot. Feeds that need a login cannot be followed; otherwise `/feed resume` it later.',
  INVALID_FEED:
    'the address does not serve an RSS, Atom or JSON feed. Use the feed’s own address (often ending in /rss or /feed), not the home page.',
  TOO_LARGE: 'the feed is larger than 5 MB. Follow a smaller feed of the site (a section or a topic).',
};

export const feedMessages = {
  notConfigured: 'Feeds are not available in this setup (no fetcher configured).',
  badUrl: (url: string) => `"${url}" is not an http(s) address of a feed.`,
  notAFeed: (url: string, reason: string) => `Not followed: ${url} is not a usable feed (${reason}).`,
  fetchFailed: (url: string, reason: string) => `Not followed: ${url} could not be fetched. ${reason}`,
  alreadyFollowed: (id: number) => `This server already follows that feed as feed ${id}. See \`/feed list\`.`,
  added: (id: number, name: string, items: number, interval: number, channel: string | undefined) =>
    `Following feed ${id} “${name}” (${items} items now), polled every ${interval} minutes. ` +
    'Its current items are stored on the first poll and not announced' +
    (channel ? `; new items after that are announced in ${channel}.` : '.') +
    ` Use \`/feed check id: ${id}\` to poll now.`,
  notFound: (id: number) => `There is no feed ${id} in this server. See \`/feed list\`.`,
  noFeeds: 'This server follows no feeds yet. Add one with `/feed add url: …`.',
  removed: (id: number, name: string) =>
    `Stopped following feed ${id} “${name}”. Articles already stored from it stay.`,
  resumed: (id: number, name: string) =>
    `Feed ${id} “${name}” is enabled again and will be polled on the next tick.`,
  disabled: (id: number, code: FeedDisabledCode) =>
    `Feed ${id} is disabled (${code}): ${DISABLED_FIXES[code]}`,
  busy: (id: number) => `Feed ${id} is being polled right now; try again in a minute.`,
  checked: (id: number, r: { newItems: number; added: number; announced: number }) =>
    `Polled feed ${id}: ${count(r.newItems, 'new item')}, ${count(r.added, 'article')} added` +
    (r.announced > 0 ? `, ${r.announced} announced.` : '.'),
  notModified: (id: number) => `Polled feed ${id}: nothing changed since the last poll.`,
  checkFailed: (id: number, message: string) => `Polling feed ${id} failed: ${message}`,
  listHeading: (n: number) => `Feeds (${n})`,
  announcementTitle: (feed: string) => `New in ${feed}`,
  announcementHeading: (n: number) => count(n, 'new item'),
  announcementMore: (n: number) => `…and ${count(n, 'more new item')}; see \`/article list\`.`,
  shellChannel: 'this terminal',
};

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
