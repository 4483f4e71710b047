import { afterEach, describe, expect, it } from 'vitest';
import type { DigestSchedule } from '../../src/digests/digest-store.ts';
import { scheduleStateOf } from '../../src/digests/digest-store.ts';
import { planDue } from '../../src/digests/due-runs.ts';
import { DiscordPublisher } from '../../src/transports/discord/discord-publisher.ts';
import { type FakeGuild, PERMISSIONS, type RecordedCall } from '../fakes/discord/fake-discord.ts';
import { fakeSnowflake, fakeSnowflakeOnShards } from '../fakes/discord/fake-objects.ts';
import { closeAndCheck, Harness } from './harness.ts';

const READ_MESSAGE_HISTORY = 1n << 16n;

/** A server with a news channel and a digests channel (where the bot may be denied something). */
function digestGuild(botDeny?: bigint): FakeGuild {
  return {
    id: fakeSnowflake(),
    name: 'Newsroom',
    channels: [
      { id: fakeSnowflake(), name: 'news', type: 0 },
      { id: fakeSnowflake(), name: 'digests', type: 0, botDeny },
    ],
  };
}

/**
 * A run left behind by a process that died (as the harness's bot): claimed with a lease that has
 * already run out, then, for `posting` and `posted`, marked posting, and for `posted` posted through
 * the bot's publisher (it landed, the process never recorded it).
 */
async function crashIn(h: Harness, channel: string, stage: 'claimed' | 'posting' | 'posted') {
  // Straight into the store: /digest set would refuse a channel without history access.
  const { schedule: saved } = await h.services.digests.upsertSchedule(h.guildId, {
    channelId: channel,
    time: '07:30',
    timezone: 'Europe/Kyiv',
    length: 'standard',
    days: 'daily',
    whenEmpty: 'skip',
    createdBy: 'test',
  });
  const now = new Date(saved.nextDueAt!.getTime() + 1000);
  const plan = planDue({ schedule: scheduleStateOf(saved), now });
  // A lease that has already run out: the process that claimed it is gone.
  const claim = await h.services.digests.claimRun(h.guildId, saved.id, plan.post!, 1);
  if (!claim.claimed) throw new Error('claim failed');
  if (stage !== 'claimed') await h.services.digests.markPosting(claim.run);
  if (stage === 'posted') {
    const reply = { title: 'Daily digest', sections: [], sources: [], body: 'Posted before the crash.' };
    const first = await new DiscordPublisher(h.bot.client).publish(
      { tenant: h.guildId, channelId: channel },
      { ...reply, conversation: { id: 'x', threadName: 'Daily digest' } },
      { kind: 'digest', runId: claim.run.id },
    );
    expect(first.ok).toBe(true);
  }
  return { saved, now, run: claim.run };
}

describe('Discord: daily digests posted exactly once', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    const running = h;
    h = undefined;
    await closeAndCheck(running);
  });

  async function start(botDeny?: bigint): Promise<{ h: Harness; channel: string }> {
    h = await Harness.start({ guilds: [digestGuild(botDeny)], ingest: true });
    return { h, channel: h.fake.guilds[0]!.channels[1]!.id };
  }

  async function schedule(harness: Harness, channel: string): Promise<DigestSchedule> {
    const set = harness.fake.slashCommand({
      name: 'digest',
      subcommand: 'set',
      permissions: PERMISSIONS.manager,
      options: { time: '07:30', timezone: 'Europe/Kyiv', channel: { channel } },
    });
    const answer = await harness.fake.waitFor((c) => c.path.startsWith(`/interactions/${set.id}/`));
    expect(JSON.stringify(answer.body)).toContain('Scheduled digest #');
    const [saved] = await harness.services.digests.listSchedules(harness.guildId);
    return saved!;
  }

  const posts = (harness: Harness, channel: string): RecordedCall[] =>
    harness.fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${channel}/messages`);

  it('posts a due digest once, with a nonce, no mentions, a Sources marker and a thread for follow-ups', async () => {
    const { h, channel } = await start();
    const saved = await schedule(h, channel);
    const due = saved.nextDueAt!;
    await h.bot.scheduler.tick(new Date(due.getTime() + 1000));
    await h.bot.scheduler.tick(new Date(due.getTime() + 60_000));
    const sent = posts(h, channel);
    expect(sent).toHaveLength(1);
    const body = sent[0]!.body!;
    const [run] = await h.services.digests.listRuns(h.guildId, saved.id, 5);
    expect(run?.state).toBe('posted');
    expect(body.nonce).toBe(`${run!.id}.0`);
    expect(body.enforce_nonce).toBe(true);
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(JSON.stringify(body.components)).toContain(`"custom_id":"digest:${run!.id}"`);
    const embed = (body.embeds as { title?: string; fields?: { name: string }[] }[])[0]!;
    expect(embed.title).toMatch(/^Daily digest \(\d{4}-\d{2}-\d{2}\)$/);
    expect(embed.fields?.map((f) => f.name)).toEqual(expect.arrayContaining(['Most in the news', 'Sources']));
    const thread = await h.fake.waitFor((c) => c.path.endsWith('/threads'));
    expect(thread.path).toBe(`/channels/${channel}/messages/${run!.posted!.messageId}/threads`);

    // The thread continues the digest's conversation: a question there is answered from its articles.
    const threadId = run!.posted!.messageId;
    h.fake.userMessage({ channelId: threadId, content: 'Who is Tsepkalo?' });
    const reply = await h.fake.waitFor(
      (c) => c.method === 'POST' && c.path === `/channels/${threadId}/messages`,
    );
    expect(JSON.stringify(reply.body)).toMatch(/Tsepkalo/);
    expect(reply.body?.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('posts several digests due in one tick at once, each exactly once in its own channel', async () => {
    const channels = Array.from({ length: 5 }, (_, i) => ({ id: fakeSnowflake(), name: `d${i}`, type: 0 }));
    const server: FakeGuild = { id: fakeSnowflake(), name: 'Busy', channels: [...channels] };
    h = await Harness.start({ guilds: [server], ingest: true, bot: { digestPostConcurrency: 3 } });
    const saved: DigestSchedule[] = [];
    for (const channel of channels) {
      const { schedule } = await h.services.digests.upsertSchedule(h.guildId, {
        channelId: channel.id,
        time: '07:30',
        timezone: 'Europe/Kyiv',
        length: 'short',
        days: 'daily',
        whenEmpty: 'post',
        createdBy: 'test',
      });
      saved.push(schedule);
    }
    const due = saved[0]!.nextDueAt!;
    const first = await h.bot.scheduler.tick(new Date(due.getTime() + 1000));
    const second = await h.bot.scheduler.tick(new Date(due.getTime() + 60_000));
    expect([first.handled.digests, second.handled.digests]).toEqual([5, 0]);
    for (const [i, channel] of channels.entries()) {
      const sent = posts(h, channel.id);
      expect(sent).toHaveLength(1);
      const [run] = await h.services.digests.listRuns(h.guildId, saved[i]!.id, 5);
      expect(run?.state).toBe('posted');
      expect(sent[0]!.body?.nonce).toBe(`${run!.id}.0`);
    }
  });

  it("posts its own server's digest when a tick's whole batch of due schedules is of servers it is not in", async () => {
    // Servers the bot has left (or another shard's) keep their schedules, due for ever: more of them
    // than one tick lists (200), due no later than this server's, ahead of it in the index.
    const { h, channel } = await start();
    const input = {
      time: '07:30',
      timezone: 'Europe/Kyiv',
      length: 'short',
      days: 'daily',
      whenEmpty: 'post',
      createdBy: 'test',
    } as const;
    for (let i = 0; i < 250; i++) {
      await h.services.digests.upsertSchedule(fakeSnowflake(), { ...input, channelId: fakeSnowflake() });
    }
    const { schedule: own } = await h.services.digests.upsertSchedule(h.guildId, {
      ...input,
      channelId: channel,
    });
    const first = await h.bot.scheduler.tick(new Date(own.nextDueAt!.getTime() + 1000));
    expect(first.handled.digests).toBe(1);
    expect(posts(h, channel)).toHaveLength(1);
    const [run] = await h.services.digests.listRuns(h.guildId, own.id, 5);
    expect(run?.state).toBe('posted');
  });

  it.each([
    ['missing permissions (50013)', 'MISSING_PERMISSIONS'],
    ['an unknown channel (10003)', 'CHANNEL_GONE'],
  ])(
    'disables the schedule on %s, says why in /digest list, and /digest resume re-enables it',
    async (_what, code) => {
      const { h, channel } = await start();
      const saved = await schedule(h, channel);
      if (code === 'CHANNEL_GONE') h.fake.removeChannel(channel);
      else h.fake.channels.refuseAlways(channel, 'missing-permissions');
      await h.bot.scheduler.tick(new Date(saved.nextDueAt!.getTime() + 1000));
      const [after] = await h.services.digests.listSchedules(h.guildId);
      expect(after?.disabled?.code).toBe(code);
      const list = h.fake.slashCommand({ name: 'digest', subcommand: 'list' });
      const listed = await h.fake.waitFor((c) => c.path.startsWith(`/interactions/${list.id}/`));
      expect(JSON.stringify(listed.body)).toContain('disabled:');
      expect(JSON.stringify(listed.body)).toContain(`id: ${saved.id}`);
      const resume = h.fake.slashCommand({
        name: 'digest',
        subcommand: 'resume',
        permissions: PERMISSIONS.manager,
        options: { id: Number(saved.id) },
      });
      await h.fake.waitFor((c) => c.path.startsWith(`/interactions/${resume.id}/`));
      const [resumed] = await h.services.digests.listSchedules(h.guildId);
      expect(resumed?.disabled).toBeUndefined();
    },
  );

  it('refuses /digest set, naming what is missing, when the bot may not embed links there', async () => {
    h = await Harness.start({ guilds: [digestGuild(1n << 14n)] }); // Embed Links denied
    const channel = h.fake.guilds[0]!.channels[1]!;
    const set = h.fake.slashCommand({
      name: 'digest',
      subcommand: 'set',
      permissions: PERMISSIONS.manager,
      options: { time: '08:00', timezone: 'Europe/Berlin', channel: { channel: channel.id } },
    });
    const answer = await h.fake.waitFor((c) => c.path.startsWith(`/interactions/${set.id}/`));
    expect(JSON.stringify(answer.body)).toContain('I need Embed Links there');
    expect(await h.services.digests.listSchedules(h.guildId)).toEqual([]);
  });

  describe('after a crash', () => {
    async function crashed(stage: 'claimed' | 'posted', botDeny?: bigint) {
      const { h, channel } = await start(botDeny);
      return { h, channel, ...(await crashIn(h, channel, stage)) };
    }

    it('posts once when the process died between the claim and the post', async () => {
      const { h, channel, saved, now } = await crashed('claimed');
      await h.bot.scheduler.tick(now);
      await h.bot.scheduler.tick(new Date(now.getTime() + 60_000));
      expect(posts(h, channel)).toHaveLength(1);
      expect((await h.services.digests.listRuns(h.guildId, saved.id, 5))[0]?.state).toBe('posted');
    });

    it.each([
      ['inside the nonce window', false],
      ['past the nonce window', true],
    ])('adopts the post it finds in the channel when it died after the POST (%s)', async (_when, expire) => {
      const { h, channel, saved, now, run } = await crashed('posted');
      if (expire) h.fake.channels.expireNonces();
      await h.bot.scheduler.tick(now);
      expect(posts(h, channel)).toHaveLength(1);
      const [recorded] = await h.services.digests.listRuns(h.guildId, saved.id, 5);
      expect(recorded).toMatchObject({ id: run.id, state: 'posted' });
      expect(recorded?.posted?.messageId).toBe(String(h.fake.channelPosts(channel)[0]!.id));
    });

    it('records unknown rather than risk a second post when it cannot read the channel history', async () => {
      const { h, channel, saved, now } = await crashed('posted', READ_MESSAGE_HISTORY);
      await h.bot.scheduler.tick(now);
      expect(posts(h, channel)).toHaveLength(1);
      expect((await h.services.digests.listRuns(h.guildId, saved.id, 5))[0]?.state).toBe('unknown');
    });
  });
});

describe("Discord: a dead shard's digest claims recovered by another shard", () => {
  let first: Harness | undefined;
  let second: Harness | undefined;
  afterEach(async () => {
    // The bot sharing the first one's fake and data dir stops first; the rest goes with the first.
    const [a, b] = [first, second];
    first = second = undefined;
    if (b) {
      await b.stopBot();
      expect(b.clientErrors).toEqual([]);
      expect(b.logger.errors).toEqual([]);
    }
    await closeAndCheck(a);
  });

  const shardOf = (call: RecordedCall | undefined) => call?.userAgent.match(/briefing-bot-shard\/(\d+)/)?.[1];
  const postsIn = (h: Harness, channel: string) =>
    h.fake.calls.filter(
      (c) => c.method === 'POST' && c.path === `/channels/${channel}/messages` && c.status === 200,
    );

  /**
   * Shard 0 of 2 has the server (its bot left a run behind, as a process that died); shard 1's bot,
   * on the same data dir, has never seen the server: the channel is not in its cache.
   */
  async function twoShards(botDeny?: bigint) {
    const server = { ...digestGuild(botDeny), id: fakeSnowflakeOnShards({ 2: 0 }) };
    const a = await Harness.start({ guilds: [server], ingest: true, bot: { shard: { id: 0, count: 2 } } });
    first = a;
    const b = await Harness.start({ fake: a.fake, dataDir: a.dataDir, bot: { shard: { id: 1, count: 2 } } });
    second = b;
    const channel = server.channels[1]!.id;
    expect(b.bot.client.guilds.cache.has(server.id)).toBe(false);
    expect(b.bot.client.channels.cache.has(channel)).toBe(false);
    return { a, b, channel };
  }

  it('adopts the post that landed, having read its permissions and the history over REST', async () => {
    const { a, b, channel } = await twoShards();
    const { saved, now, run } = await crashIn(a, channel, 'posted');
    const report = await b.bot.scheduler.tick(now);
    expect(report.handled.digests).toBe(1);
    expect(postsIn(a, channel)).toHaveLength(1);
    const [recorded] = await b.services.digests.listRuns(a.guildId, saved.id, 5);
    expect(recorded).toMatchObject({ id: run.id, state: 'posted', attempt: 2 });
    expect(recorded?.posted?.messageId).toBe(String(a.fake.channelPosts(channel)[0]!.id));
    const byB = a.fake.calls.filter((c) => shardOf(c) === '1').map((c) => `${c.method} ${c.path}`);
    expect(byB).toEqual(
      expect.arrayContaining([
        `GET /channels/${channel}`,
        `GET /guilds/${a.guildId}/roles`,
        `GET /guilds/${a.guildId}/members/${a.fake.botUser.id}`,
        `GET /channels/${channel}/messages`,
      ]),
    );
  });

  it("posts a run whose post never landed, with the run's nonce and a thread; its follow-ups are answered", async () => {
    const { a, b, channel } = await twoShards();
    const { saved, now, run } = await crashIn(a, channel, 'posting');
    await b.bot.scheduler.tick(now);
    await b.bot.scheduler.tick(new Date(now.getTime() + 60_000));
    const sent = postsIn(a, channel);
    expect(sent.map(shardOf)).toEqual(['1']);
    expect(sent[0]!.body?.nonce).toBe(`${run.id}.0`);
    const [recorded] = await b.services.digests.listRuns(a.guildId, saved.id, 5);
    expect(recorded?.state).toBe('posted');
    const messageId = recorded!.posted!.messageId;
    const thread = await a.fake.waitFor(
      (c) => c.path === `/channels/${channel}/messages/${messageId}/threads`,
    );
    expect(shardOf(thread)).toBe('1');
    expect(recorded?.posted?.threadId).toBe(messageId);
    // The conversation was anchored by shard 1; shard 0, which has the server, answers in the thread.
    a.fake.userMessage({ channelId: messageId, content: 'Who is Tsepkalo?' });
    const reply = await a.fake.waitFor(
      (c) => c.method === 'POST' && c.path === `/channels/${messageId}/messages`,
    );
    expect(shardOf(reply)).toBe('0');
    expect(JSON.stringify(reply.body)).toMatch(/Tsepkalo/);
  });

  it('records unknown (HISTORY_UNREADABLE), not a second post, when the bot may not read that history', async () => {
    const { a, b, channel } = await twoShards(READ_MESSAGE_HISTORY);
    const { saved, now } = await crashIn(a, channel, 'posted');
    await b.bot.scheduler.tick(now);
    await b.bot.scheduler.tick(new Date(now.getTime() + 60_000));
    expect(postsIn(a, channel)).toHaveLength(1);
    const [recorded] = await b.services.digests.listRuns(a.guildId, saved.id, 5);
    expect(recorded).toMatchObject({ state: 'unknown', reason: 'HISTORY_UNREADABLE' });
    // It asked for the channel's permissions, and did not read the history they deny.
    const byB = a.fake.calls.filter((c) => shardOf(c) === '1').map((c) => `${c.method} ${c.path}`);
    expect(byB).toContain(`GET /channels/${channel}`);
    expect(byB).not.toContain(`GET /channels/${channel}/messages`);
  });
});
