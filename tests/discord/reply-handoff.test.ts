/**
 * Reply hand-off in one process: real discord.js bots against the fake Discord, on one data dir,
 * time from a FakeClock. A deferred command records its pending reply and renews it while it works;
 * a bot whose renewals stopped (as a dead process's do) leaves it to another shard's bot, which
 * re-runs the command and edits the original response through the interaction's webhook.
 * Every wait is a bounded poll of the fake or the store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import type { BriefingEngine } from '../../src/llm/engine.ts';
import { OfflineEngine } from '../../src/llm/offline/offline-engine.ts';
import {
  INTERACTION_TOKEN_LIFETIME_MS,
  type PendingReply,
  type PendingReplyStore,
} from '../../src/store/pending-reply-store.ts';
import { readDiscordEnv } from '../../src/transports/discord/config.ts';
import { type FakeGuild, PERMISSIONS, type RecordedCall } from '../fakes/discord/fake-discord.ts';
import { fakeSnowflake, fakeSnowflakeOnShards } from '../fakes/discord/fake-objects.ts';
import { closeAndCheck, Harness } from './harness.ts';

const GRACE_MS = 1_000;
const NO_MENTIONS_API = { parse: [], replied_user: false };

/** The guild lands on shard 0 of 2: only the bot running shard 0 receives its interactions. */
function shardZeroGuild(): FakeGuild {
  return {
    id: fakeSnowflakeOnShards({ 2: 0 }),
    name: 'Newsroom',
    channels: [{ id: fakeSnowflake(), name: 'news', type: 0 }],
  };
}

/** A store through which renewals are lost: the bot behaves as a process that died once it recorded. */
function renewalsLost(store: PendingReplyStore): PendingReplyStore {
  return {
    record: (...args) => store.record(...args),
    renew: async () => true,
    claimStale: (...args) => store.claimStale(...args),
    remove: (...args) => store.remove(...args),
    list: (...args) => store.list(...args),
  };
}

async function until<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const isEditOf = (token: string) => (c: RecordedCall) =>
  c.method === 'PATCH' && c.path.endsWith(`/${token}/messages/@original`);
const shardOf = (call: RecordedCall | undefined) => call?.userAgent.match(/briefing-bot-shard\/(\d+)/)?.[1];

describe('BRIEFING_REPLY_GRACE_MS', () => {
  it('defaults to a minute, takes milliseconds, and a bad value names the setting', () => {
    expect(readDiscordEnv({}).replyGraceMs).toBe(60_000);
    expect(readDiscordEnv({ BRIEFING_REPLY_GRACE_MS: '1500' }).replyGraceMs).toBe(1_500);
    expect(() => readDiscordEnv({ BRIEFING_REPLY_GRACE_MS: '10' })).toThrow(/BRIEFING_REPLY_GRACE_MS/);
    expect(() => readDiscordEnv({ BRIEFING_REPLY_GRACE_MS: 'soon' })).toThrow(/BRIEFING_REPLY_GRACE_MS/);
  });
});

describe('Discord reply hand-off (in process, FakeClock)', () => {
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

  it('records a deferred command before it runs, renews it while the edit is pending, and forgets it after the edit', async () => {
    const clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
    const a = await Harness.start({ ingest: true, clock, bot: { replyGraceMs: 300 } });
    first = a;
    const store = a.app.pendingReplies;
    const ask = a.fake.slashCommand({ name: 'ask', options: { question: 'What did Lukashenko say?' } });
    const held = a.fake.holdNextEdit(ask.id);
    await held.arrived();
    const [row] = await store.list(a.guildId);
    expect(row).toMatchObject({
      tenant: a.guildId,
      interactionId: ask.id,
      applicationId: a.fake.appId,
      token: a.fake.tokenOf(ask.id),
      command: { name: 'ask', options: { question: 'What did Lukashenko say?' }, attachments: {} },
      userId: '100000000000000001',
      channelId: a.channelId,
      conversationId: `channel:${a.channelId}`,
      canManage: false,
      receivedAt: new Date('2026-03-01T08:00:00Z'),
      attempt: 1,
    } satisfies Partial<PendingReply>);

    // While the edit waits, the bot keeps renewing: the lease follows the clock forward.
    clock.advance(10 * 60_000);
    const renewedPast = clock.now().getTime();
    await until(async () => {
      const [current] = await store.list(a.guildId);
      return current && current.leaseUntil.getTime() > renewedPast ? current : undefined;
    }, 'a renewal after the clock moved');

    await held.release('land');
    await until(
      async () => ((await store.list(a.guildId)).length === 0 ? true : undefined),
      'the row removed',
    );
    expect(JSON.stringify(a.fake.original(ask.id))).toMatch(/Lukashenko/);
  });

  it("finishes a briefing whose bot went silent from another shard's bot: the same answer, edited into @original, with its thread", async () => {
    const clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
    const a = await Harness.start({
      guilds: [shardZeroGuild()],
      ingest: true,
      clock,
      // Its renewals are lost: once it has recorded the reply it is as good as dead.
      wrapPendingReplies: renewalsLost,
      bot: { shard: { id: 0, count: 2 }, replyGraceMs: GRACE_MS },
    });
    first = a;
    const { fake } = a;
    const b = await Harness.start({
      fake,
      dataDir: a.dataDir,
      clock,
      bot: { shard: { id: 1, count: 2 }, replyGraceMs: GRACE_MS },
    });
    second = b;
    const brief = fake.slashCommand({ name: 'brief', options: { topic: 'Belarus' } });
    expect(fake.receivedBy(brief.id)).toEqual([0]);
    const held = fake.holdNextEdit(brief.id);
    const firstEdit = await held.arrived();
    const token = fake.tokenOf(brief.id)!;

    // Inside the lease nothing is taken over; once it lapses, the other bot's tick finishes the reply.
    expect((await b.bot.scheduler.tick(clock.now())).handled['pending-replies']).toBe(0);
    clock.advance(GRACE_MS);
    const report = await b.bot.scheduler.tick(clock.now());
    expect(report.handled['pending-replies']).toBe(1);
    const edit = fake.calls.find((c) => isEditOf(token)(c) && c.status === 200)!;
    expect(shardOf(edit)).toBe('1');
    expect(edit.body?.allowed_mentions).toEqual(NO_MENTIONS_API);
    // The answer is what the first bot was about to send: same text, same embeds, same buttons.
    expect(edit.body?.content).toEqual(firstEdit.body?.content);
    expect(edit.body?.embeds).toEqual(firstEdit.body?.embeds);
    expect(edit.body?.components).toEqual(firstEdit.body?.components);
    const original = fake.original(brief.id)!;
    expect(JSON.stringify(original.embeds)).toMatch(/Briefing: Belarus/);
    // Its thread hangs from the original, and the conversation is anchored there.
    const thread = fake.calls.find(
      (c) => c.path === `/channels/${a.channelId}/messages/${original.id}/threads`,
    );
    expect(shardOf(thread)).toBe('1');
    expect(await b.services.store.getConversation(a.guildId, String(original.id))).toBeDefined();
    expect(await b.app.pendingReplies.list(a.guildId)).toEqual([]);

    // Nobody logged the token.
    expect(JSON.stringify([a.logger.entries, b.logger.entries])).not.toContain(token);
    await held.release('land');
  });

  it("finishes a follow-up question asked through a briefing's modal from another shard's bot, titled as the question", async () => {
    const clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
    const a = await Harness.start({
      guilds: [shardZeroGuild()],
      ingest: true,
      clock,
      wrapPendingReplies: renewalsLost,
      bot: { shard: { id: 0, count: 2 }, replyGraceMs: GRACE_MS },
    });
    first = a;
    const { fake } = a;
    const b = await Harness.start({
      fake,
      dataDir: a.dataDir,
      clock,
      bot: { shard: { id: 1, count: 2 }, replyGraceMs: GRACE_MS },
    });
    second = b;
    // The briefing itself is answered by the bot that received it.
    const brief = fake.slashCommand({ name: 'brief', options: { topic: 'Belarus' } });
    await fake.waitFor((c) => c.path.endsWith('/threads'));
    const post = String(fake.original(brief.id)!.id);
    await until(
      async () => ((await b.app.pendingReplies.list(a.guildId)).length === 0 ? true : undefined),
      'brief done',
    );

    const submit = fake.modalSubmit({
      messageId: post,
      customId: 'brief:ask-modal',
      fields: { question: 'Where will he host Lukashenko?' },
    });
    const held = fake.holdNextEdit(submit.id);
    const firstEdit = await held.arrived();
    const [row] = await b.app.pendingReplies.list(a.guildId);
    expect(row?.command).toMatchObject({
      trigger: 'modal',
      name: 'follow-up',
      replyTitle: 'Q: Where will he host Lukashenko?',
    });
    expect(row?.conversationId).toBe(post);
    clock.advance(GRACE_MS);
    expect((await b.bot.scheduler.tick(clock.now())).handled['pending-replies']).toBe(1);
    const edit = fake.calls.find((c) => isEditOf(submit.token)(c) && c.status === 200)!;
    expect(shardOf(edit)).toBe('1');
    expect(JSON.stringify(edit.body)).toMatch(/Q: Where will he host Lukashenko\?/);
    expect(edit.body?.embeds).toEqual(firstEdit.body?.embeds);
    expect(edit.body?.content).toEqual(firstEdit.body?.content);
    expect(await b.app.pendingReplies.list(a.guildId)).toEqual([]);
    await held.release('land');
  });

  it('re-runs a file upload for its manager, downloading the file again: the re-run finds the article the dead bot stored', async () => {
    const clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
    const a = await Harness.start({
      guilds: [shardZeroGuild()],
      clock,
      wrapPendingReplies: renewalsLost,
      bot: { shard: { id: 0, count: 2 }, replyGraceMs: GRACE_MS },
    });
    first = a;
    const { fake } = a;
    const b = await Harness.start({
      fake,
      dataDir: a.dataDir,
      clock,
      bot: { shard: { id: 1, count: 2 }, replyGraceMs: GRACE_MS },
    });
    second = b;
    const text =
      'Minsk, Belarus. The opposition leader spoke to reporters on Monday about the election and the protests that followed it.';
    const file = fake.addAttachment('report.txt', new TextEncoder().encode(`Opposition speaks\n\n${text}`));
    const add = fake.slashCommand({
      name: 'article',
      subcommand: 'add',
      options: { file },
      permissions: PERMISSIONS.manager,
    });
    const held = fake.holdNextEdit(add.id);
    const firstEdit = await held.arrived();
    expect(firstEdit.body?.content).toMatch(/^Added article #1 “Opposition speaks”/);
    const [row] = await b.app.pendingReplies.list(a.guildId);
    expect(row).toMatchObject({
      canManage: true,
      command: {
        name: 'article',
        subcommand: 'add',
        attachments: { file: { name: 'report.txt', url: file.url } },
      },
    });
    clock.advance(GRACE_MS);
    expect((await b.bot.scheduler.tick(clock.now())).handled['pending-replies']).toBe(1);
    expect(fake.attachmentDownloads).toBe(2);
    // The manager precondition held again, and the command answered what is true now.
    const sent = fake.calls.filter((c) => c.path.includes(`/${add.token}`) && shardOf(c) === '1' && c.body);
    expect(JSON.stringify(sent.map((c) => c.body))).toMatch(
      /Already stored as article #1 “Opposition speaks”/,
    );
    expect(await b.app.pendingReplies.list(a.guildId)).toEqual([]);
    await held.release('land');
  });

  it('a re-run that is refused now answers privately: the "thinking…" response is deleted for an ephemeral follow-up', async () => {
    const clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
    const a = await Harness.start({
      guilds: [shardZeroGuild()],
      ingest: true,
      clock,
      wrapPendingReplies: renewalsLost,
      bot: { shard: { id: 0, count: 2 }, replyGraceMs: GRACE_MS },
    });
    first = a;
    const { fake } = a;
    const b = await Harness.start({
      fake,
      dataDir: a.dataDir,
      clock,
      bot: { shard: { id: 1, count: 2 }, replyGraceMs: GRACE_MS },
    });
    second = b;
    const ask = fake.slashCommand({ name: 'ask', options: { question: 'What did Lukashenko say?' } });
    const held = fake.holdNextEdit(ask.id);
    await held.arrived();
    // Meanwhile the server's only article is removed: the re-run's preconditions refuse it.
    expect(await b.services.store.removeArticle(a.guildId, 1)).toBe(true);
    clock.advance(GRACE_MS);
    expect((await b.bot.scheduler.tick(clock.now())).handled['pending-replies']).toBe(1);
    const byB = fake.calls.filter((c) => c.path.includes(`/${ask.token}`) && shardOf(c) === '1');
    expect(byB.map((c) => [c.method, c.path.endsWith('/messages/@original'), c.status])).toEqual([
      ['DELETE', true, 204],
      ['POST', false, 200],
    ]);
    expect(byB[1]?.body?.flags).toBe(64);
    expect(byB[1]?.body?.allowed_mentions).toEqual(NO_MENTIONS_API);
    expect(fake.original(ask.id)).toBeUndefined();
    expect(await b.app.pendingReplies.list(a.guildId)).toEqual([]);
    await held.release('land');
  });

  it('a bot that stalled past its lease leaves the answer to the one that took over: it never edits the response itself', async () => {
    const clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
    // The first bot's answers wait for the test, and its renewals are lost until the test restores them.
    const offline = new OfflineEngine();
    const answering = deferred();
    const gated: BriefingEngine = {
      id: offline.id,
      extractive: offline.extractive,
      analyseArticle: (input) => offline.analyseArticle(input),
      composeBriefing: (input) => offline.composeBriefing(input),
      answer: async (input) => {
        await answering.promise;
        return offline.answer(input);
      },
    };
    let stalled = true;
    const a = await Harness.start({
      guilds: [shardZeroGuild()],
      ingest: true,
      clock,
      engine: gated,
      wrapPendingReplies: (store) => ({
        ...renewalsLost(store),
        renew: (...args) => (stalled ? Promise.resolve(true) : store.renew(...args)),
      }),
      bot: { shard: { id: 0, count: 2 }, replyGraceMs: GRACE_MS },
    });
    first = a;
    const { fake } = a;
    const b = await Harness.start({
      fake,
      dataDir: a.dataDir,
      clock,
      bot: { shard: { id: 1, count: 2 }, replyGraceMs: GRACE_MS },
    });
    second = b;
    const ask = fake.slashCommand({ name: 'ask', options: { question: 'What did Lukashenko say?' } });
    await until(
      async () => ((await b.app.pendingReplies.list(a.guildId)).length === 1 ? true : undefined),
      'recorded',
    );
    clock.advance(GRACE_MS);
    expect((await b.bot.scheduler.tick(clock.now())).handled['pending-replies']).toBe(1);
    const edits = () => fake.calls.filter(isEditOf(ask.token));
    expect(edits().map(shardOf)).toEqual(['1']);

    // The first bot wakes up with its answer: its renewal finds the reply gone, and it sends nothing.
    stalled = false;
    answering.resolve();
    await until(
      async () =>
        a.logger.entries.some((e) => e.msg?.startsWith('pending reply no longer held here'))
          ? true
          : undefined,
      'the first bot noticing it lost the reply',
    );
    await a.stopBot();
    expect(edits().map(shardOf)).toEqual(['1']);
    expect(JSON.stringify(fake.original(ask.id))).toMatch(/Lukashenko/);
  });

  it('a reply whose token has died is dropped, not re-run', async () => {
    const clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
    const a = await Harness.start({
      guilds: [shardZeroGuild()],
      ingest: true,
      clock,
      bot: { shard: { id: 0, count: 2 }, replyGraceMs: GRACE_MS },
    });
    first = a;
    const b = await Harness.start({
      fake: a.fake,
      dataDir: a.dataDir,
      clock,
      bot: { shard: { id: 1, count: 2 }, replyGraceMs: GRACE_MS },
    });
    second = b;
    const ask = a.fake.slashCommand({ name: 'ask', options: { question: 'What did Lukashenko say?' } });
    const held = a.fake.holdNextEdit(ask.id);
    await held.arrived();
    clock.advance(INTERACTION_TOKEN_LIFETIME_MS);
    expect((await b.bot.scheduler.tick(clock.now())).handled['pending-replies']).toBe(0);
    expect(await b.app.pendingReplies.list(a.guildId)).toEqual([]);
    const token = a.fake.tokenOf(ask.id)!;
    expect(a.fake.calls.filter((c) => c.path.includes(token) && shardOf(c) === '1')).toEqual([]);
    await held.release('land');
  });
});
