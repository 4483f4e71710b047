import { createHash } from 'node:crypto';
import { ingestArticle } from '../briefing/ingest-article.ts';
import type { FetchOutcome } from '../core/fetcher.ts';
import type { FeedRecord, PollClaim, PollResult } from '../store/feed-store.ts';
import { splitParagraph } from '../text/sentences.ts';
import { words } from '../text/tokens.ts';
import { announcePending } from './announce.ts';
import type { FeedDeps } from './feed-deps.ts';
import type { FeedItem } from './feed-item.ts';
import { afterFailure, disabledCodeFor, nextPollAfterSuccess } from './feed-schedule.ts';
import { mapLimit } from './map-limit.ts';
import { matchesTopic } from './topic-filter.ts';

/** Pages fetched at once for one feed's new items. */
const PAGE_CONCURRENCY = 4;
/** A page with fewer readable words than this (a stub, a paywall, a video page) yields to the item's own text. */
const READABLE_MIN_WORDS = 50;
/** Longest one-sentence summary in an announcement. */
const MAX_SUMMARY_CHARS = 240;

/** What one poll did, for `/feed check`, logs and the bench. */
export type PollReport =
  | { status: 'not-modified' | 'unchanged' }
  | {
      status: 'polled';
      newItems: number;
      added: number;
      duplicates: number;
      skipped: number;
      announced: number;
    }
  | { status: 'failed'; code: string; message: string; disabled: boolean };

/**
 * Polls one claimed feed: conditional GET, unchanged bodies skipped by hash, new items fetched
 * (the page behind each, else the item's own text), ingested like any article (duplicates
 * detected by the store), recorded as seen, then announced. The body hash is saved only once
 * every item of that body is recorded, so a crash mid-way re-reads the same body next time.
 */
export async function pollClaimedFeed(deps: FeedDeps, claim: PollClaim): Promise<PollReport> {
  const { feed } = claim;
  const fetched = await deps.fetcher.fetch({
    url: feed.url,
    purpose: 'feed',
    etag: feed.etag || undefined,
    lastModified: feed.lastModified || undefined,
  });
  if (!fetched.ok) return fail(deps, claim, disabledCodeFor(fetched.code), fetched.message);
  const { resource } = fetched;
  const now = deps.clock.now();
  const next = nextPollAfterSuccess(now, feed.intervalMinutes);
  if (resource.status === 304) {
    await deps.feeds.finishPoll(claim, { ok: true, nextPollAt: next }, now);
    await announcePending(deps, feed.tenant, feed.id, feedName(feed));
    return { status: 'not-modified' };
  }
  const validators = { etag: resource.etag || undefined, lastModified: resource.lastModified || undefined };
  const bodyHash = createHash('sha256').update(resource.bytes).digest('hex');
  if (bodyHash === feed.bodyHash) {
    await deps.feeds.finishPoll(claim, { ok: true, validators, nextPollAt: next }, now);
    await announcePending(deps, feed.tenant, feed.id, feedName(feed));
    return { status: 'unchanged' };
  }
  const { parseFeedDocument } = await import('./parse-feed.ts');
  const parsed = parseFeedDocument(resource.text, resource.url || feed.url);
  if (!parsed.ok)
    return fail(deps, claim, 'INVALID_FEED', `The address does not serve a valid feed: ${parsed.message}.`);

  const seen = await deps.feeds.seenItemIds(
    feed.id,
    parsed.value.items.map((i) => i.id),
  );
  const fresh = parsed.value.items.filter((i) => !seen.has(i.id));
  const source = parsed.value.title ?? feed.title;
  // Items before the first successful poll are the feed's back catalogue: stored, never announced.
  const announce = feed.baselineAt !== undefined && feed.announceChannelId !== undefined;
  const outcomes = await mapLimit(fresh, PAGE_CONCURRENCY, (item) =>
    storeItem(deps, claim, item, source, announce),
  );
  const finished: PollResult = {
    ok: true,
    validators,
    bodyHash,
    title: parsed.value.title,
    nextPollAt: nextPollAfterSuccess(deps.clock.now(), feed.intervalMinutes),
  };
  await deps.feeds.finishPoll(claim, finished, deps.clock.now());
  const announced = await announcePending(deps, feed.tenant, feed.id, parsed.value.title ?? feedName(feed));
  return {
    status: 'polled',
    newItems: fresh.length,
    added: outcomes.filter((o) => o === 'added').length,
    duplicates: outcomes.filter((o) => o === 'duplicate' || o === 'near-duplicate').length,
    skipped: outcomes.filter((o) => o === 'skipped').length,
    announced,
  };
}

type ItemOutcome = 'added' | 'duplicate' | 'near-duplicate' | 'skipped';

async function storeItem(
  deps: FeedDeps,
  claim: PollClaim,
  item: FeedItem,
  source: string | undefined,
  announce: boolean,
): Promise<ItemOutcome> {
  const tenant = claim.feed.tenant;
  const record = (articleId: number | undefined, summary: string | undefined, announceIt: boolean) =>
    deps.feeds.recordItem(
      claim,
      {
        itemId: item.id,
        title: item.title,
        link: item.link,
        publishedAt: item.publishedAt,
        articleId,
        summary,
        announce: announceIt,
      },
      deps.clock.now(),
    );
  if (!matchesTopic(claim.feed.topic, item)) {
    await record(undefined, undefined, false);
    return 'skipped';
  }
  const text = await articleText(deps, item);
  const ingested = await ingestArticle(deps, tenant, {
    title: item.title,
    text,
    url: item.link,
    publishedAt: item.publishedAt,
    source,
  });
  if (!ingested.ok) {
    deps.logger.info({ feedId: claim.feed.id, item: item.id, code: ingested.code }, 'feed item not stored');
    await record(undefined, undefined, false);
    return 'skipped';
  }
  const { status, article } = ingested.value;
  // A duplicate or near-duplicate is a story the server already has (another feed, a link, a file): not news again.
  await record(article.id, oneSentence(item.summary || text), announce && status === 'added');
  return status;
}

/** The page's article when it is readable; otherwise what the feed itself carries. */
async function articleText(deps: FeedDeps, item: FeedItem): Promise<string> {
  if (!item.link) return item.text;
  const page: FetchOutcome = await deps.fetcher.fetch({ url: item.link, purpose: 'page' });
  if (!page.ok || page.resource.status !== 200) return item.text;
  const { htmlToArticle } = await import('../ingest/html.ts');
  const extracted = htmlToArticle(page.resource.text).text;
  const pageWords = words(extracted).length;
  return pageWords >= READABLE_MIN_WORDS && pageWords >= words(item.text).length ? extracted : item.text;
}

async function fail(
  deps: FeedDeps,
  claim: PollClaim,
  code: ReturnType<typeof disabledCodeFor>,
  message: string,
) {
  const now = deps.clock.now();
  const { retryAt, disable } = afterFailure(now, claim.feed.failures);
  await deps.feeds.finishPoll(claim, { ok: false, code, message, retryAt, disable }, now);
  deps.logger.warn(
    { feedId: claim.feed.id, code, failures: claim.feed.failures + 1, disable },
    'feed poll failed',
  );
  return { status: 'failed', code, message, disabled: disable } as const;
}

function oneSentence(text: string): string | undefined {
  const first = text
    .split(/\n\s*\n/)[0]
    ?.replace(/\s+/g, ' ')
    .trim();
  if (!first) return undefined;
  const sentence = splitParagraph(first)[0] ?? first;
  return sentence.length > MAX_SUMMARY_CHARS
    ? `${sentence.slice(0, MAX_SUMMARY_CHARS - 1).replace(/\s+\S*$/, '')}…`
    : sentence;
}

/** The name announcements and lists use: the feed's title, else its address. */
export function feedName(feed: Pick<FeedRecord, 'title' | 'url'>): string {
  return feed.title ?? feed.url;
}
