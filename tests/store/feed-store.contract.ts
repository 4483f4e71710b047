import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import type { FeedStore } from '../../src/store/feed-store.ts';

/** The articles a feed item may point at, on the same backend. */
export interface FeedArticles {
  add(tenant: string, title: string): Promise<number>;
  remove(tenant: string, id: number): Promise<void>;
  exists(tenant: string, id: number): Promise<boolean>;
}

export interface FeedStoreFixture {
  /** A new, independent handle on the same data each call (another process). */
  open(): FeedStore;
  articles: FeedArticles;
  cleanup: () => Promise<void>;
}

const LEASE = 60_000;
const feed = (url: string) => ({ url, intervalMinutes: 15 });

/** The FeedStore contract: every implementation runs this suite against a real backend. */
export function describeFeedStoreContract(
  name: string,
  makeStore: (clock: FakeClock) => Promise<FeedStoreFixture>,
): void {
  describe(`FeedStore contract: ${name}`, () => {
    let clock: FakeClock;
    let fixture: FeedStoreFixture;
    const open = () => fixture.open();

    beforeEach(async () => {
      clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
      fixture = await makeStore(clock);
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it('follows a URL once per tenant, and each tenant sees only its own feeds', async () => {
      const s = open();
      const a = await s.addFeed('guild-a', feed('https://e.example/rss'), clock.now());
      expect(a.status).toBe('added');
      expect((await s.addFeed('guild-a', feed('https://e.example/rss'), clock.now())).status).toBe('exists');
      const b = await s.addFeed('guild-b', feed('https://e.example/rss'), clock.now());
      expect(b.status).toBe('added');
      expect((await s.listFeeds('guild-a')).map((f) => f.id)).toEqual([a.feed.id]);
      expect(await s.getFeed('guild-b', a.feed.id)).toBeUndefined();
      expect(await s.removeFeed('guild-b', a.feed.id)).toBe(false);
      expect(await s.resumeFeed('guild-b', a.feed.id, clock.now())).toBeUndefined();
      expect(await s.claimFeed('guild-b', a.feed.id, clock.now(), LEASE)).toBeUndefined();
      expect(await s.getFeed('guild-a', a.feed.id)).toBeDefined();
    });

    it('an id that names no row (fractional, negative, not a number) finds nothing instead of failing', async () => {
      const s = open();
      for (const id of [1.5, -1, Number.NaN, 2 ** 60]) {
        expect(await s.getFeed('guild-a', id)).toBeUndefined();
        expect(await s.removeFeed('guild-a', id)).toBe(false);
        expect(await s.claimFeed('guild-a', id, clock.now(), LEASE)).toBeUndefined();
        expect(await s.seenItemIds(id, ['a'])).toEqual(new Set());
      }
    });

    it('leases a due feed to one connection at a time, and again once the lease runs out', async () => {
      const one = open();
      const two = open();
      await one.addFeed('guild-a', feed('https://e.example/rss'), clock.now());
      const first = await one.claimDueFeeds(clock.now(), 10, LEASE);
      expect(first).toHaveLength(1);
      expect(await two.claimDueFeeds(clock.now(), 10, LEASE)).toEqual([]);
      expect(await two.claimFeed('guild-a', first[0]!.feed.id, clock.now(), LEASE)).toBeUndefined();
      clock.advance(LEASE);
      const second = await two.claimDueFeeds(clock.now(), 10, LEASE);
      expect(second).toHaveLength(1);
      // The first claimant's lease is gone: its writes are refused, so it cannot clobber the second poll.
      const next = new Date(clock.now().getTime() + 15 * 60_000);
      expect(await one.finishPoll(first[0]!, { ok: true, nextPollAt: next }, clock.now())).toBe(false);
      expect(await one.recordItem(first[0]!, { itemId: 'x', title: 'X', announce: false }, clock.now())).toBe(
        false,
      );
      expect(await two.finishPoll(second[0]!, { ok: true, nextPollAt: next }, clock.now())).toBe(true);
      expect(await two.claimDueFeeds(clock.now(), 10, LEASE)).toEqual([]);
    });

    it('claims due feeds oldest-due first, a bounded batch per call', async () => {
      const s = open();
      for (let i = 0; i < 5; i++) {
        await s.addFeed('guild-a', feed(`https://e.example/${i}`), clock.now());
        clock.advance(1000);
      }
      const batch = await s.claimDueFeeds(clock.now(), 3, LEASE);
      expect(batch.map((c) => c.feed.url)).toEqual([
        'https://e.example/0',
        'https://e.example/1',
        'https://e.example/2',
      ]);
      expect((await s.claimDueFeeds(clock.now(), 3, LEASE)).map((c) => c.feed.url)).toEqual([
        'https://e.example/3',
        'https://e.example/4',
      ]);
    });

    it('records an item once and puts each pending item in exactly one announcement batch', async () => {
      const one = open();
      const two = open();
      const { feed: f } = await one.addFeed(
        'guild-a',
        { ...feed('https://e.example/rss'), announceChannelId: '123456789012345678' },
        clock.now(),
      );
      const claim = (await one.claimFeed('guild-a', f.id, clock.now(), LEASE))!;
      const item = (itemId: string) => ({ itemId, title: itemId, articleId: undefined, announce: true });
      expect(await one.recordItem(claim, item('a'), clock.now())).toBe(true);
      expect(await one.recordItem(claim, item('a'), clock.now())).toBe(false);
      await one.recordItem(claim, item('b'), clock.now());
      expect(await one.seenItemIds(f.id, ['a', 'b', 'c'])).toEqual(new Set(['a', 'b']));

      const batch = (await one.claimAnnouncement('guild-a', f.id, clock.now(), LEASE))!;
      expect(batch.items.map((i) => i.itemId).sort()).toEqual(['a', 'b']);
      expect(batch.resumed).toBe(false);
      expect(await two.claimAnnouncement('guild-a', f.id, clock.now(), LEASE)).toBeUndefined();
      expect(await two.claimAnnouncement('guild-b', f.id, clock.now(), LEASE)).toBeUndefined();
      await one.completeAnnouncement(batch, { channelId: batch.channelId, messageId: 'm1' });
      clock.advance(LEASE);
      expect(await two.claimAnnouncement('guild-a', f.id, clock.now(), LEASE)).toBeUndefined();
    });

    it('a released batch goes back to pending; removing a feed removes its items and batches', async () => {
      const s = open();
      const { feed: f } = await s.addFeed(
        'guild-a',
        { ...feed('https://e.example/rss'), announceChannelId: '123456789012345678' },
        clock.now(),
      );
      const claim = (await s.claimFeed('guild-a', f.id, clock.now(), LEASE))!;
      await s.recordItem(claim, { itemId: 'a', title: 'A', announce: true }, clock.now());
      const batch = (await s.claimAnnouncement('guild-a', f.id, clock.now(), LEASE))!;
      await s.releaseAnnouncement(batch);
      const again = (await s.claimAnnouncement('guild-a', f.id, clock.now(), LEASE))!;
      expect(again.items.map((i) => i.itemId)).toEqual(['a']);
      expect(again.runId).not.toBe(batch.runId);
      expect(await s.removeFeed('guild-a', f.id)).toBe(true);
      expect(await s.seenItemIds(f.id, ['a'])).toEqual(new Set());
    });

    it('an article removed by a person stays removed; the feed keeps the item as seen', async () => {
      const feeds = open();
      const articleId = await fixture.articles.add('guild-a', 'Story');
      const { feed: f } = await feeds.addFeed('guild-a', feed('https://e.example/rss'), clock.now());
      const claim = (await feeds.claimFeed('guild-a', f.id, clock.now(), LEASE))!;
      await feeds.recordItem(claim, { itemId: 'a', title: 'A', articleId, announce: false }, clock.now());
      await fixture.articles.remove('guild-a', articleId);
      expect(await fixture.articles.exists('guild-a', articleId)).toBe(false);
      expect(await feeds.seenItemIds(f.id, ['a'])).toEqual(new Set(['a']));
    });
  });
}
