import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';
import { PERMISSIONS } from '../fakes/discord/fake-discord.ts';
import { FeedServer } from '../fakes/feed-server.ts';
import { LoopbackFetcher } from '../fakes/loopback-fetcher.ts';
import { RecordingPublisher } from '../fakes/recording-publisher.ts';
import { rss2 } from '../feeds/feed-fixtures.ts';
import { closeAndCheck, Harness } from './harness.ts';

let h: Harness | undefined;
let server: FeedServer | undefined;
afterEach(async () => {
  // The feed site first: its connections must be gone before the socket check.
  await server?.close();
  const running = h;
  h = undefined;
  await closeAndCheck(running);
});

describe('/feed add on Discord', () => {
  it('reads the announce channel from the picker and stores it with the feed', async () => {
    server = await new FeedServer().start();
    server.routes.set('/rss', { body: rss2([{ title: 'One', guid: 'g1' }], 'Gazette') });
    h = await Harness.start({
      extraServices: (app) => ({
        feeds: {
          feeds: (app.services.store as SqliteArticleStore).feedStore(),
          fetcher: new LoopbackFetcher(),
          publisher: new RecordingPublisher(),
        },
      }),
    });
    const { fake } = h;
    const add = fake.slashCommand({
      name: 'feed',
      subcommand: 'add',
      options: { url: server.url('/rss'), announce: { channel: h.channelId } },
      permissions: PERMISSIONS.manager,
    });
    const done = await fake.waitFor((c) => c.method === 'PATCH' && c.path.includes(`/${add.token}/`));
    expect(done.body?.content).toContain('Following feed 1 “Gazette”');
    expect(done.body?.content).toContain(`announced in <#${h.channelId}>`);
    expect(done.body?.allowed_mentions).toMatchObject({ parse: [] });
    const [feed] = await h.services.feeds!.feeds.listFeeds(h.guildId);
    expect(feed).toMatchObject({ url: server.url('/rss'), announceChannelId: h.channelId });

    const member = fake.slashCommand({ name: 'feed', subcommand: 'remove', options: { id: 1 } });
    const refused = await fake.waitFor((c) => c.path.startsWith(`/interactions/${member.id}/`));
    expect(JSON.stringify(refused.body)).toContain(
      'Only members who can manage this server may use /feed remove',
    );
  });
});

describe('feed announcements on Discord', () => {
  it('announces only items new since the first poll, once, through the bot, pinging nobody', async () => {
    server = await new FeedServer().start();
    const stories = [
      'The riverside council voted on the new bridge budget after a long debate, and residents said the decision would change their commute for years.',
      'Fishermen on the northern coast reported the largest herring catch in a decade, while scientists warned that warmer water may soon move the shoals.',
    ];
    const item = (n: number, title: string) => ({ title, guid: `g${n}`, description: stories[n - 1]! });
    server.routes.set('/rss', { body: rss2([item(1, 'Bridge vote one')], 'Gazette') });
    h = await Harness.start({
      extraServices: (app) => ({
        feeds: {
          feeds: (app.services.store as SqliteArticleStore).feedStore(),
          fetcher: new LoopbackFetcher(),
        },
      }),
    });
    const { fake } = h;
    const add = fake.slashCommand({
      name: 'feed',
      subcommand: 'add',
      options: { url: server.url('/rss'), announce: { channel: h.channelId } },
      permissions: PERMISSIONS.manager,
    });
    await fake.waitFor((c) => c.method === 'PATCH' && c.path.includes(`/${add.token}/`));
    const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);
    // The first poll is the baseline: it stores the feed's items and announces none.
    await h.bot.scheduler.tick(later(20));
    expect(await h.services.store.countArticles(h.guildId)).toBe(1);
    const posts = () =>
      fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${h!.channelId}/messages`);
    expect(posts()).toHaveLength(0);

    server.routes.set('/rss', {
      body: rss2([item(2, 'Bridge vote two'), item(1, 'Bridge vote one')], 'Gazette'),
    });
    await h.bot.scheduler.tick(later(40));
    await h.bot.scheduler.tick(later(60));
    expect(posts()).toHaveLength(1);
    const body = posts()[0]!.body!;
    expect(JSON.stringify(body)).toContain('Bridge vote two');
    expect(JSON.stringify(body)).not.toContain('Bridge vote one');
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });
});
