import { ApplicationCommandOptionType, ChannelType } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { TERMINAL_CHANNEL_ID } from '../../src/commands/command.ts';
import { Dispatcher } from '../../src/commands/dispatcher.ts';
import type { Caller } from '../../src/commands/preconditions.ts';
import { COMMANDS } from '../../src/commands/registry.ts';
import { buildCommandPayloads } from '../../src/transports/discord/command-payloads.ts';
import { renderText } from '../../src/transports/shell/render-text.ts';
import { handleLine } from '../../src/transports/shell/shell.ts';
import { FeedHarness, type Node, TENANT } from './feed-harness.ts';

let harness: FeedHarness;
afterEach(async () => {
  await harness?.close();
});

/** The shell's way in: a dispatcher over the node's services and a terminal caller. */
function session(node: Node, caller: Caller) {
  return { dispatcher: new Dispatcher({ commands: COMMANDS, services: node.services }), caller };
}

function shell(node: Node, canManage = true) {
  const ctx = session(node, { tenant: TENANT, userId: 'u1', conversationId: 'shell:test', canManage });
  return async (line: string) => {
    const reply = await handleLine(line, ctx);
    return { reply: reply!, text: renderText(reply!) };
  };
}

describe('/feed in the terminal', () => {
  it('adds a feed announcing in this terminal, lists it, polls it now, removes it', async () => {
    harness = await new FeedHarness().start();
    const a = harness.node();
    harness.serveFeed('/news.xml', [1, 2]);
    const run = shell(a);

    const added = await run(`/feed add url: ${harness.server.url('/news.xml')} announce: here interval: 30`);
    expect(added.reply.error).toBeUndefined();
    expect(added.text).toContain(
      'Following feed 1 “Riverton Gazette” (2 items now), polled every 30 minutes',
    );
    expect(added.text).toContain('announced in this terminal');
    const [feed] = await a.deps.feeds.listFeeds(TENANT);
    expect(feed).toMatchObject({ announceChannelId: TERMINAL_CHANNEL_ID, intervalMinutes: 30 });

    expect((await run(`/feed add url: ${harness.server.url('/news.xml')}`)).text).toContain(
      'already follows',
    );

    const checked = await run('/feed check id: 1');
    expect(checked.text).toBe('Polled feed 1: 2 new items, 2 articles added.');
    expect((await run('/feed check 1')).text).toBe('Polled feed 1: nothing changed since the last poll.');

    harness.serveFeed('/news.xml', [1, 2, 3]);
    expect((await run('/feed check 1')).text).toBe(
      'Polled feed 1: 1 new item, 1 article added, 1 announced.',
    );
    expect(harness.publisher.posts[0]!.destination).toEqual({
      tenant: TENANT,
      channelId: TERMINAL_CHANNEL_ID,
    });

    const listed = (await run('/feed list')).text;
    expect(listed).toContain('Feed 1: Riverton Gazette');
    expect(listed).toContain(`address: ${harness.server.url('/news.xml')}`);
    expect(listed).toContain('announces in: this terminal');
    expect(listed).toContain('items seen: 3');
    expect(listed).toMatch(/last poll: 2026-03-01 08:00 UTC/);
    expect(listed).toMatch(/next poll: 2026-03-01 08:30 UTC/);

    expect((await run('/feed remove id: 1')).text).toContain('Stopped following feed 1');
    expect((await run('/feed list')).text).toContain('follows no feeds yet');
    expect(await a.store.countArticles(TENANT)).toBe(3);
  });

  it('refuses what is not a feed, bad addresses and non-managers, with one clear line each', async () => {
    harness = await new FeedHarness().start();
    const a = harness.node();
    harness.server.routes.set('/page', {
      body: '<html><body><p>Hello</p></body></html>',
      contentType: 'text/html',
    });
    const run = shell(a);
    expect((await run(`/feed add url: ${harness.server.url('/page')}`)).text).toContain(
      'is not a usable feed (not an RSS, Atom or JSON feed)',
    );
    expect((await run(`/feed add url: ${harness.server.url('/missing')}`)).text).toContain(
      'could not be fetched. The site answered 404.',
    );
    expect((await run('/feed add url: ftp://example.com/feed')).reply.error).toBe('bad-option');
    expect((await run('/feed check id: 9')).text).toContain('There is no feed 9');
    expect((await run('/feed add url: https://example.com/rss interval: 2')).text).toContain('at least 5');
    const member = shell(a, false);
    expect((await member(`/feed add url: ${harness.server.url('/page')}`)).reply.error).toBe('not-allowed');
    expect((await member('/feed list')).reply.error).toBeUndefined();
    expect(await a.deps.feeds.listFeeds(TENANT)).toEqual([]);
  });

  it('keeps each server’s feeds to itself', async () => {
    harness = await new FeedHarness().start();
    const a = harness.node();
    harness.serveFeed('/news.xml', [1]);
    await shell(a)(`/feed add url: ${harness.server.url('/news.xml')}`);
    const other = session(a, { tenant: 'guild-other', userId: 'u2', conversationId: 'c', canManage: true });
    expect(renderText((await handleLine('/feed list', other))!)).toContain('follows no feeds yet');
    expect(renderText((await handleLine('/feed remove id: 1', other))!)).toContain('There is no feed 1');
    expect(renderText((await handleLine('/feed check id: 1', other))!)).toContain('There is no feed 1');
    expect(await a.deps.feeds.listFeeds(TENANT)).toHaveLength(1);
  });
});

describe('/feed on Discord', () => {
  it('declares announce as a channel option (type 7) limited to text and announcement channels', () => {
    const feed = buildCommandPayloads(COMMANDS).find((c) => c.name === 'feed')!;
    const add = feed.options!.find((o) => o.name === 'add') as {
      options: { name: string; type: number; channel_types?: number[] }[];
    };
    const announce = add.options.find((o) => o.name === 'announce')!;
    expect(announce.type).toBe(ApplicationCommandOptionType.Channel);
    expect(announce.type).toBe(7);
    expect(announce.channel_types).toEqual([ChannelType.GuildText, ChannelType.GuildAnnouncement]);
  });
});
