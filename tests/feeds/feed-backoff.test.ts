import { afterEach, describe, expect, it } from 'vitest';
import { listFeedsReply, resumeFeed } from '../../src/feeds/feed-admin.ts';
import { DISABLED_FIXES } from '../../src/feeds/feed-messages.ts';
import { FEED_SCHEDULE } from '../../src/feeds/feed-schedule.ts';
import { renderText } from '../../src/transports/shell/render-text.ts';
import { FeedHarness, type Node, TENANT } from './feed-harness.ts';

const MINUTE = 60_000;
let harness: FeedHarness;

afterEach(async () => {
  await harness?.close();
});

async function follow(node: Node, path: string): Promise<number> {
  const added = await node.deps.feeds.addFeed(
    TENANT,
    { url: harness.server.url(path), intervalMinutes: 15 },
    harness.clock.now(),
  );
  return added.feed.id;
}

/** Runs the job at each due time until the feed is disabled; returns the delays it waited. */
async function failUntilDisabled(node: Node, feedId: number): Promise<number[]> {
  const delays: number[] = [];
  for (let round = 0; round < 20; round++) {
    const before = harness.clock.now().getTime();
    expect(await node.job.runDue(harness.clock.now())).toBe(1);
    const feed = (await node.deps.feeds.getFeed(TENANT, feedId))!;
    if (feed.disabledCode) return delays;
    const wait = feed.nextPollAt.getTime() - before;
    delays.push(wait / MINUTE);
    // Not due a minute early: the job leaves it alone.
    harness.clock.advance(wait - MINUTE);
    expect(await node.job.runDue(harness.clock.now())).toBe(0);
    harness.clock.advance(MINUTE);
  }
  throw new Error('never disabled');
}

describe('failing feeds', () => {
  it('back off 5 min × 2^failures and are disabled after 11 failures; resume clears it', async () => {
    harness = await new FeedHarness().start();
    const a = harness.node();
    harness.server.routes.set('/down.xml', { status: 500, body: 'oops' });
    const feedId = await follow(a, '/down.xml');

    const delays = await failUntilDisabled(a, feedId);
    expect(delays).toEqual([5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560]);
    const disabled = (await a.deps.feeds.getFeed(TENANT, feedId))!;
    expect(disabled).toMatchObject({ disabledCode: 'FAILED_REQUESTS', failures: FEED_SCHEDULE.maxFailures });

    // Disabled feeds are not polled, however long one waits.
    harness.clock.advance(30 * 24 * 60 * MINUTE);
    const hits = harness.server.hits('/down.xml');
    expect(await a.job.runDue(harness.clock.now())).toBe(0);
    expect(harness.server.hits('/down.xml')).toBe(hits);
    const listed = renderText(await listFeedsReply(a.deps, TENANT));
    expect(listed).toContain(`DISABLED (FAILED_REQUESTS): ${DISABLED_FIXES.FAILED_REQUESTS}`);

    harness.serveFeed('/down.xml', [1]);
    await resumeFeed(a.deps, TENANT, feedId);
    expect((await a.deps.feeds.getFeed(TENANT, feedId))!).toMatchObject({
      failures: 0,
      disabledCode: undefined,
    });
    expect(await a.job.runDue(harness.clock.now())).toBe(1);
    expect(await a.store.countArticles(TENANT)).toBe(1);
    expect(renderText(await listFeedsReply(a.deps, TENANT))).not.toContain('DISABLED');
  });

  it.each([
    ['NOT_FOUND', () => harness.server.routes.delete('/gone.xml')],
    ['FORBIDDEN', () => harness.server.routes.set('/gone.xml', { status: 403, body: 'no' })],
    [
      'INVALID_FEED',
      () => harness.server.routes.set('/gone.xml', { body: '<rss><channel><item><title>x</item>' }),
    ],
    ['TOO_LARGE', () => harness.server.routes.set('/gone.xml', { body: `<rss>${'x'.repeat(70_000)}</rss>` })],
  ])('is disabled with %s when that is why it keeps failing', async (code, breakIt) => {
    harness = await new FeedHarness().start();
    const a = harness.node({ maxBytes: 64 * 1024 });
    breakIt();
    const feedId = await follow(a, '/gone.xml');
    await failUntilDisabled(a, feedId);
    expect((await a.deps.feeds.getFeed(TENANT, feedId))!.disabledCode).toBe(code);
  });

  it('a success between failures resets the count', async () => {
    harness = await new FeedHarness().start();
    const a = harness.node();
    harness.server.routes.set('/wobbly.xml', { status: 503, body: 'busy' });
    const feedId = await follow(a, '/wobbly.xml');
    await a.job.runDue(harness.clock.now());
    harness.clock.advance(5 * MINUTE);
    await a.job.runDue(harness.clock.now());
    expect((await a.deps.feeds.getFeed(TENANT, feedId))!.failures).toBe(2);
    harness.serveFeed('/wobbly.xml', [1]);
    harness.clock.advance(10 * MINUTE);
    await a.job.runDue(harness.clock.now());
    const feed = (await a.deps.feeds.getFeed(TENANT, feedId))!;
    expect(feed.failures).toBe(0);
    expect(feed.nextPollAt.getTime() - harness.clock.now().getTime()).toBe(15 * MINUTE);
  });
});
