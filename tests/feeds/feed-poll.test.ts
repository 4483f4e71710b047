import { afterEach, describe, expect, it } from 'vitest';
import { announcePending } from '../../src/feeds/announce.ts';
import { pollClaimedFeed } from '../../src/feeds/poll-feed.ts';
import { TRAM_VOTE, TRAM_VOTE_WIRE_COPY } from '../dedup/stories.ts';
import { articlePage, atom, itemSummary, jsonFeed, rdf, rss2, UNREADABLE_PAGE } from './feed-fixtures.ts';
import { FeedHarness, type Node, TENANT } from './feed-harness.ts';

const MINUTE = 60_000;
let harness: FeedHarness;

afterEach(async () => {
  await harness?.close();
});

async function follow(node: Node, path: string, announce?: string, topic?: string) {
  const added = await node.deps.feeds.addFeed(
    TENANT,
    { url: harness.server.url(path), announceChannelId: announce, topic, intervalMinutes: 15 },
    harness.clock.now(),
  );
  return added.feed.id;
}

async function pollNow(node: Node, feedId: number) {
  const claim = await node.deps.feeds.claimFeed(TENANT, feedId, harness.clock.now(), 60_000);
  if (!claim) throw new Error('feed not claimable');
  return pollClaimedFeed(node.deps, claim);
}

describe('feed polling', () => {
  it('first poll stores every item and announces none; later new items go out in one post, once', async () => {
    harness = await new FeedHarness().start();
    const a = harness.node();
    harness.serveFeed('/news.xml', [1, 2, 3]);
    const feedId = await follow(a, '/news.xml', '111111111111111111');

    expect(await a.job.runDue(harness.clock.now())).toBe(1);
    expect(await a.store.countArticles(TENANT)).toBe(3);
    expect(harness.publisher.posts).toHaveLength(0);

    harness.serveFeed('/news.xml', [1, 2, 3, 4, 5]);
    harness.clock.advance(15 * MINUTE);
    await a.job.runDue(harness.clock.now());
    expect(await a.store.countArticles(TENANT)).toBe(5);
    expect(harness.publisher.posts).toHaveLength(1);
    const [post] = harness.publisher.posts;
    expect(post!.destination).toEqual({ tenant: TENANT, channelId: '111111111111111111' });
    expect(post!.options.kind).toBe('announcement');
    expect(post!.options.runId!.length).toBeLessThanOrEqual(25);
    expect(post!.reply.sections[0]!.items).toEqual([
      'Story 5: Summary of story 5. [1]',
      'Story 4: Summary of story 4. [2]',
    ]);
    expect(post!.reply.sources.map((s) => s.url)).toEqual([
      harness.server.url('/a/5'),
      harness.server.url('/a/4'),
    ]);

    // Nothing new: nothing posted again, whatever the number of polls.
    harness.clock.advance(15 * MINUTE);
    await a.job.runDue(harness.clock.now());
    expect(harness.publisher.posts).toHaveLength(1);
    expect((await a.deps.feeds.getFeed(TENANT, feedId))!.itemCount).toBe(5);
  });

  it.each([
    ['RSS 2.0', rss2, 'application/rss+xml'],
    ['Atom', atom, 'application/atom+xml'],
    ['RSS 1.0 (RDF)', rdf, 'application/rdf+xml'],
    ['JSON Feed', jsonFeed, 'application/feed+json'],
  ])('reads %s and stores the page behind each item', async (_name, build, contentType) => {
    harness = await new FeedHarness().start();
    const a = harness.node();
    for (const n of [7, 8])
      harness.server.routes.set(`/p/${n}`, { body: articlePage(n), contentType: 'text/html' });
    const items = [7, 8].map((n) => ({
      title: `Item ${n}`,
      link: `/p/${n}`,
      guid: `urn:item:${n}`,
      date: `2026-02-0${n - 5}T10:00:00Z`,
      description: 'Short.',
    }));
    harness.server.routes.set('/feed', { body: build(items), contentType });
    const feedId = await follow(a, '/feed');
    const report = await pollNow(a, feedId);
    expect(report).toMatchObject({ status: 'polled', newItems: 2, added: 2 });
    const stored = await a.store.listArticles(TENANT, { limit: 10 });
    expect(stored.map((s) => s.url).sort()).toEqual([harness.server.url('/p/7'), harness.server.url('/p/8')]);
    const article = await a.store.getArticle(TENANT, stored[0]!.id);
    expect(article!.text).toContain('Mayor Elena Varga');
  });

  it("falls back to the item's own text when the page is not readable, and skips items with too little text", async () => {
    harness = await new FeedHarness().start();
    const a = harness.node();
    harness.server.routes.set('/video', { body: UNREADABLE_PAGE, contentType: 'text/html' });
    harness.server.routes.set('/feed', {
      body: rss2([
        { title: 'Storm night', link: '/video', guid: 's1', description: itemSummary(1) },
        { title: 'Tiny', guid: 's2', description: 'Too short.' },
      ]),
    });
    const feedId = await follow(a, '/feed');
    expect(await pollNow(a, feedId)).toMatchObject({ status: 'polled', newItems: 2, added: 1, skipped: 1 });
    const [only] = await a.store.listArticles(TENANT, { limit: 5 });
    expect((await a.store.getArticle(TENANT, only!.id))!.text).toBe(itemSummary(1));
    // Both are seen: neither is fetched or tried again.
    expect((await a.deps.feeds.getFeed(TENANT, feedId))!.itemCount).toBe(2);
  });

  it('sends If-None-Match / If-Modified-Since only once it has them, and a 304 reads nothing', async () => {
    harness = await new FeedHarness().start();
    const a = harness.node();
    harness.serveFeed('/etag.xml', [1, 2], { etag: '"v1"' });
    harness.serveFeed('/lm.xml', [3], { lastModified: 'Sun, 01 Mar 2026 07:00:00 GMT' });
    const etagFeed = await follow(a, '/etag.xml');
    const lmFeed = await follow(a, '/lm.xml');
    await pollNow(a, etagFeed);
    await pollNow(a, lmFeed);
    const first = a.fetcher.requests.filter((r) => r.purpose === 'feed');
    expect(first.map((r) => Object.keys(r.headers).sort())).toEqual([['user-agent'], ['user-agent']]);

    const pagesBefore = harness.server.requests.filter((r) => r.path.startsWith('/a/')).length;
    expect(await pollNow(a, etagFeed)).toEqual({ status: 'not-modified' });
    expect(await pollNow(a, lmFeed)).toEqual({ status: 'not-modified' });
    const conditional = a.fetcher.requests.filter((r) => r.purpose === 'feed').slice(2);
    expect(conditional[0]!.headers).toMatchObject({ 'if-none-match': '"v1"' });
    expect(conditional[0]!.headers['if-modified-since']).toBeUndefined();
    expect(conditional[1]!.headers).toMatchObject({ 'if-modified-since': 'Sun, 01 Mar 2026 07:00:00 GMT' });
    expect(conditional[1]!.headers['if-none-match']).toBeUndefined();
    expect(harness.server.requests.filter((r) => r.path.startsWith('/a/')).length).toBe(pagesBefore);

    // A new version with a new ETag is read again.
    harness.serveFeed('/etag.xml', [1, 2, 9], { etag: '"v2"' });
    expect(await pollNow(a, etagFeed)).toMatchObject({ status: 'polled', newItems: 1 });
  });

  it('skips a body it has already read (same hash) when the server gives no validators', async () => {
    harness = await new FeedHarness().start();
    const a = harness.node();
    harness.serveFeed('/plain.xml', [1, 2]);
    const feedId = await follow(a, '/plain.xml');
    expect(await pollNow(a, feedId)).toMatchObject({ status: 'polled', newItems: 2 });
    expect(await pollNow(a, feedId)).toEqual({ status: 'unchanged' });
    harness.serveFeed('/plain.xml', [1, 2, 3]);
    expect(await pollNow(a, feedId)).toMatchObject({ status: 'polled', newItems: 1 });
  });

  it('announces at most 10 items per post and counts the rest', async () => {
    harness = await new FeedHarness().start();
    const a = harness.node();
    harness.serveFeed('/busy.xml', [1]);
    const feedId = await follow(a, '/busy.xml', '222222222222222222');
    await pollNow(a, feedId);
    harness.serveFeed(
      '/busy.xml',
      Array.from({ length: 14 }, (_, i) => i + 1),
    );
    expect(await pollNow(a, feedId)).toMatchObject({
      status: 'polled',
      newItems: 13,
      added: 13,
      announced: 13,
    });
    expect(harness.publisher.posts).toHaveLength(1);
    const reply = harness.publisher.posts[0]!.reply;
    expect(reply.sections[0]!.items).toHaveLength(10);
    expect(reply.sections[0]!.items![0]).toMatch(/^Story 14:/);
    expect(reply.footer).toContain('3 more');
  });

  it('keeps only items about the topic when the feed has one', async () => {
    harness = await new FeedHarness().start();
    const a = harness.node();
    harness.server.routes.set('/topic.xml', {
      body: rss2([
        {
          title: 'Harbour dredging starts',
          guid: 't1',
          description: `${itemSummary(2)} The harbour dredging began.`,
        },
        { title: 'Library hours change', guid: 't2', description: itemSummary(3) },
      ]),
    });
    const feedId = await follow(a, '/topic.xml', undefined, 'harbour');
    expect(await pollNow(a, feedId)).toMatchObject({ status: 'polled', newItems: 2, added: 1, skipped: 1 });
    const [stored] = await a.store.listArticles(TENANT, { limit: 5 });
    expect(stored!.title).toBe('Harbour dredging starts');
  });

  it('does not announce an item whose article the server already had (a duplicate)', async () => {
    harness = await new FeedHarness().start();
    const a = harness.node();
    harness.serveFeed('/one.xml', [1]);
    harness.serveFeed('/two.xml', [5]);
    const one = await follow(a, '/one.xml', '333333333333333333');
    const two = await follow(a, '/two.xml');
    await pollNow(a, one);
    await pollNow(a, two);
    // Feed one now carries the same story feed two brought in: stored once, not news again.
    harness.server.routes.set('/one.xml', {
      body: rss2([{ title: 'Story 5 again', link: harness.server.url('/a/5'), guid: 'copy-5' }]),
    });
    expect(await pollNow(a, one)).toMatchObject({ status: 'polled', newItems: 1, added: 0, duplicates: 1 });
    expect(harness.publisher.posts).toHaveLength(0);
  });
});

describe('wire copies across feeds', () => {
  it('merges another outlet’s copy into the stored story: one article, two outlets, announced once', async () => {
    harness = await new FeedHarness().start();
    const a = harness.node({ nearDuplicates: true });
    const page = (text: string) =>
      `<!doctype html><html><body><article><p>${text}</p></article></body></html>`;
    harness.server.routes.set('/gazette/tram', { body: page(TRAM_VOTE), contentType: 'text/html' });
    harness.server.routes.set('/wire/tram', { body: page(TRAM_VOTE_WIRE_COPY), contentType: 'text/html' });
    harness.server.routes.set('/gazette.xml', { body: rss2([]) });
    harness.server.routes.set('/wire.xml', { body: rss2([], 'City Wire') });
    const gazette = await follow(a, '/gazette.xml', '777777777777777777');
    const wire = await follow(a, '/wire.xml', '777777777777777777');
    await pollNow(a, gazette);
    await pollNow(a, wire);
    harness.server.routes.set('/gazette.xml', {
      body: rss2([{ title: 'Riverton approves tram line', link: '/gazette/tram', guid: 'g-tram' }]),
    });
    harness.server.routes.set('/wire.xml', {
      body: rss2([{ title: 'City backs tram plan', link: '/wire/tram', guid: 'w-tram' }], 'City Wire'),
    });
    expect(await pollNow(a, gazette)).toMatchObject({ added: 1, announced: 1 });
    expect(await pollNow(a, wire)).toMatchObject({ added: 0, duplicates: 1, announced: 0 });
    expect(await a.store.countArticles(TENANT)).toBe(1);
    const [article] = await a.store.listArticles(TENANT, { limit: 5 });
    const outlets = await a.deps.nearDuplicates!.listOutlets(TENANT, [article!.id]);
    expect(outlets.get(article!.id)!.map((o) => [o.source, o.url])).toEqual([
      ['City Wire', harness.server.url('/wire/tram')],
    ]);
    expect(harness.publisher.posts).toHaveLength(1);
  });
});

describe('announcements are claimed', () => {
  it('posts each item exactly once with two processes on one database file', async () => {
    harness = await new FeedHarness().start();
    const a = harness.node();
    const b = harness.node();
    harness.serveFeed('/shared.xml', [1, 2]);
    await follow(a, '/shared.xml', '444444444444444444');
    await Promise.all([a.job.runDue(harness.clock.now()), b.job.runDue(harness.clock.now())]);
    expect(await a.store.countArticles(TENANT)).toBe(2);

    harness.serveFeed('/shared.xml', [1, 2, 3, 4]);
    harness.clock.advance(15 * MINUTE);
    const handled = await Promise.all([a.job.runDue(harness.clock.now()), b.job.runDue(harness.clock.now())]);
    expect(handled.sort()).toEqual([0, 1]);
    expect(harness.publisher.posts).toHaveLength(1);
    expect(harness.publisher.posts[0]!.reply.sources.map((s) => s.title)).toEqual(['Story 4', 'Story 3']);

    harness.clock.advance(15 * MINUTE);
    await Promise.all([a.job.runDue(harness.clock.now()), b.job.runDue(harness.clock.now())]);
    expect(harness.publisher.posts).toHaveLength(1);
  });

  it('a batch left by a crashed process is found on the transport, not posted twice', async () => {
    harness = await new FeedHarness().start();
    const a = harness.node();
    const b = harness.node();
    harness.serveFeed('/crash.xml', [1]);
    const feedId = await follow(a, '/crash.xml', '555555555555555555');
    await pollNow(a, feedId);
    harness.serveFeed('/crash.xml', [1, 2]);
    // Process A stores the new item but its publisher is missing, so it leaves it pending...
    const claim = await a.deps.feeds.claimFeed(TENANT, feedId, harness.clock.now(), 60_000);
    await pollClaimedFeed({ ...a.deps, publisher: undefined }, claim!);
    // ...then claims the batch, posts it and dies before recording that it did.
    const batch = await a.deps.feeds.claimAnnouncement(TENANT, feedId, harness.clock.now(), 120_000);
    await harness.publisher.publish(
      { tenant: TENANT, channelId: batch!.channelId },
      { sections: [], sources: [] },
      { kind: 'announcement', runId: batch!.runId },
    );
    // While the lease runs, B leaves it alone; afterwards B finds the post and completes the batch.
    expect(await announcePending(b.deps, TENANT, feedId, 'Crash feed')).toBe(0);
    harness.clock.advance(3 * MINUTE);
    expect(await announcePending(b.deps, TENANT, feedId, 'Crash feed')).toBe(1);
    expect(harness.publisher.posts).toHaveLength(1);
    expect(await announcePending(b.deps, TENANT, feedId, 'Crash feed')).toBe(0);
  });

  it('retries a transient publish failure on the next poll; a permanent one stops announcing until resume', async () => {
    harness = await new FeedHarness().start();
    const a = harness.node();
    harness.serveFeed('/flaky.xml', [1]);
    const feedId = await follow(a, '/flaky.xml', '666666666666666666');
    await pollNow(a, feedId);
    harness.serveFeed('/flaky.xml', [1, 2]);
    harness.publisher.failNext({ ok: false, code: 'TRANSIENT', message: 'rate limited' });
    expect(await pollNow(a, feedId)).toMatchObject({ announced: 0 });
    expect(await pollNow(a, feedId)).toEqual({ status: 'unchanged' });
    expect(harness.publisher.posts).toHaveLength(1);

    harness.serveFeed('/flaky.xml', [1, 2, 3]);
    harness.publisher.failNext({ ok: false, code: 'MISSING_PERMISSIONS', message: 'no send' });
    await pollNow(a, feedId);
    expect((await a.deps.feeds.getFeed(TENANT, feedId))!.announceError).toBe('MISSING_PERMISSIONS');
    harness.serveFeed('/flaky.xml', [1, 2, 3, 4]);
    await pollNow(a, feedId);
    expect(harness.publisher.posts).toHaveLength(1);
    await a.deps.feeds.resumeFeed(TENANT, feedId, harness.clock.now());
    await pollNow(a, feedId);
    expect(harness.publisher.posts).toHaveLength(2);
    expect(harness.publisher.posts[1]!.reply.sources.map((s) => s.title)).toEqual(['Story 4', 'Story 3']);
  });
});
