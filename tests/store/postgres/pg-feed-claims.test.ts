import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { PgFeedStore } from '../../../src/store/postgres/pg-feed-store.ts';
import { skipPgTests } from '../../helpers/pg-schema.ts';
import { PgTestDatabase, untilDatabasePasses } from './pg-test-database.ts';

const HOUR = 3_600_000;
const skip = await skipPgTests();
const pg = skip ? undefined : await PgTestDatabase.create('pg_feed_claims');
afterAll(async () => {
  await pg?.drop();
});

describe.skipIf(skip)('PgFeedStore claims across processes, on the database clock', () => {
  beforeEach(async () => {
    await pg!.closeAll();
    await pg!.reset();
  });

  it('pollers claiming at once split the due feeds: each feed is leased to exactly one', async () => {
    const now = new Date();
    const setup = new PgFeedStore(pg!.open());
    for (let i = 0; i < 60; i++)
      await setup.addFeed(`guild-${i % 4}`, { url: `https://e.example/${i}`, intervalMinutes: 15 }, now);
    const pollers = [0, 1, 2].map(() => new PgFeedStore(pg!.open()));
    const claims = (
      await Promise.all(
        pollers.flatMap((p) => [p.claimDueFeeds(now, 25, HOUR), p.claimDueFeeds(now, 25, HOUR)]),
      )
    ).flat();
    const ids = claims.map((c) => c.feed.id);
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
    expect(new Set(claims.map((c) => c.token)).size).toBe(60);
  });

  it('a poll lease is held on the database clock whatever the caller says the time is, and lapses on it', async () => {
    const db = pg!.open();
    const one = new PgFeedStore(db);
    const two = new PgFeedStore(pg!.open());
    const now = new Date();
    const { feed } = await one.addFeed('guild-a', { url: 'https://e.example/rss', intervalMinutes: 15 }, now);
    const [claim] = await one.claimDueFeeds(now, 10, 150);
    if (!claim) throw new Error('expected a claim');
    // A caller two hours ahead by its own clock still sees the lease live.
    const ahead = new Date(now.getTime() + 2 * HOUR);
    expect(await two.claimDueFeeds(ahead, 10, HOUR)).toEqual([]);
    expect(await two.claimFeed('guild-a', feed.id, ahead, HOUR)).toBeUndefined();

    await untilDatabasePasses(db, claim.leaseUntil);
    const behind = new Date(now.getTime() - HOUR);
    const again = await two.claimFeed('guild-a', feed.id, behind, HOUR);
    expect(again?.feed.id).toBe(feed.id);
    expect(await one.finishPoll(claim, { ok: true, nextPollAt: ahead }, now)).toBe(false);
    expect(await two.finishPoll(again!, { ok: true, nextPollAt: ahead }, now)).toBe(true);
  });

  it('puts pending items in one batch when several processes claim the announcement at once', async () => {
    const now = new Date();
    const setup = new PgFeedStore(pg!.open());
    const { feed } = await setup.addFeed(
      'guild-a',
      { url: 'https://e.example/rss', intervalMinutes: 15, announceChannelId: '123456789012345678' },
      now,
    );
    const claim = (await setup.claimFeed('guild-a', feed.id, now, HOUR))!;
    for (const id of ['a', 'b', 'c'])
      await setup.recordItem(claim, { itemId: id, title: id, announce: true }, now);
    const rivals = [0, 1, 2, 3].map(() => new PgFeedStore(pg!.open()));
    const batches = (
      await Promise.all(rivals.map((r) => r.claimAnnouncement('guild-a', feed.id, now, HOUR)))
    ).filter((b) => b !== undefined);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.items.map((i) => i.itemId).sort()).toEqual(['a', 'b', 'c']);
  });
});
