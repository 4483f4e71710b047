/**
 * What bot processes share through Redis, with REAL `bin/briefing-bot` processes against the
 * fake Discord: a per-user rate limit outlives the process that counted it (a restart, a reshard
 * or another process hands out no fresh burst), an article stored by another process (here
 * `briefing-bot ingest`) drops the bot's cached autocomplete list at once, and with Redis
 * unreachable every command is still answered. The real Redis on 127.0.0.1:6379, a key prefix per
 * test; every wait is bounded.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { messages } from '../../src/commands/messages.ts';
import { REDIS_URL, skipRedisTests } from '../cache/redis-probe.ts';
import { freePort, hasRedisServer, PrivateRedis } from '../cache/redis-server-process.ts';
import {
  FakeDiscord,
  type FakeGuild,
  type FakeUser,
  type RecordedCall,
} from '../fakes/discord/fake-discord.ts';
import { fakeSnowflake } from '../fakes/discord/fake-objects.ts';
import { BOT_TOKEN, BotProcesses } from '../helpers/bot-process.ts';
import { writeGeneratedArticles } from '../helpers/generated-articles.ts';
import { DEMO_ARTICLE, runCli, tempDataDir } from '../helpers/run-cli.ts';

const skipRedis = await skipRedisTests();
const TEST_TIMEOUT_MS = 240_000;
const START_MS = 120_000;

const reader: FakeUser = { id: '100000000000000011', username: 'reader' };
const otherReader: FakeUser = { id: '100000000000000012', username: 'other' };

/** A fake with one server, its data dir holding one article, torn down when the test ends. */
async function setUp(onFinished: (fn: () => Promise<void>) => void) {
  const guild: FakeGuild = {
    id: fakeSnowflake(),
    name: 'Newsroom',
    channels: [{ id: fakeSnowflake(), name: 'news', type: 0 }],
  };
  const fake = await new FakeDiscord({ guilds: [guild] }).start();
  const data = tempDataDir();
  const bots = new BotProcesses();
  onFinished(async () => {
    await bots.killAll();
    await fake.close();
    data.cleanup();
  });
  const ingested = await runCli(['ingest', '--data-dir', data.dir, '--guild', guild.id, DEMO_ARTICLE]);
  if (ingested.code !== 0) throw new Error(`ingest failed: ${ingested.stderr}`);
  return { guild, fake, data, bots };
}

/** The text of an interaction's answer: its callback's, else its @original edit's. */
async function answerOf(fake: FakeDiscord, interactionId: string): Promise<string> {
  const callback = await fake.waitFor((c) => c.path.startsWith(`/interactions/${interactionId}/`), 30_000);
  const type = Number(callback.body?.type);
  if (type === 4 || type === 8) return JSON.stringify(callback.body?.data);
  const token = fake.tokenOf(interactionId)!;
  const edit = await fake.waitFor(
    (c: RecordedCall) => c.method === 'PATCH' && c.path.includes(`/${token}/messages/@original`),
    60_000,
  );
  return JSON.stringify(edit.body);
}

const ask = (fake: FakeDiscord, user: FakeUser) =>
  fake.slashCommand({ name: 'ask', options: { question: 'Who is Lukashenko?' }, user });

const refused = messages.rateLimited(60_000).split(' Try again')[0]!;

describe.skipIf(skipRedis)('bot processes sharing Redis', () => {
  it(
    "shares a user's rate limit across processes: the next process refuses what the last one used up",
    async ({ expect, onTestFinished }) => {
      const { fake, data, bots } = await setUp(onTestFinished);
      const env = {
        REDIS_URL,
        BRIEFING_REDIS_PREFIX: `test:${randomUUID().slice(0, 8)}:`,
        BRIEFING_RATE_BURST: '2',
        BRIEFING_RATE_REFILL_MS: '3600000',
      };
      const first = bots.start(fake, data.dir, env);
      await first.connected(START_MS);
      for (let i = 0; i < 2; i++) expect(await answerOf(fake, ask(fake, reader).id)).not.toContain(refused);
      expect(await first.stop('SIGTERM')).toBe(0);

      const second = bots.start(fake, data.dir, env);
      await second.connected(START_MS);
      expect(await answerOf(fake, ask(fake, reader).id)).toContain(refused);
      // Someone else still has their own burst.
      expect(await answerOf(fake, ask(fake, otherReader).id)).not.toContain(refused);
      expect(await second.stop('SIGTERM')).toBe(0);
      expect(first.stderr() + second.stderr()).not.toMatch(/Redis unreachable/);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "drops the bot's autocomplete list when another process stores an article",
    async ({ expect, onTestFinished }) => {
      const { guild, fake, data, bots } = await setUp(onTestFinished);
      const env = { REDIS_URL, BRIEFING_REDIS_PREFIX: `test:${randomUUID().slice(0, 8)}:` };
      const bot = bots.start(fake, data.dir, env);
      await bot.connected(START_MS);
      const suggest = () =>
        answerOf(fake, fake.autocomplete({ name: 'ask', focused: 'article', value: '' }).id);
      // The first keystroke loads the list and caches it (for 30 s).
      expect(await suggest()).toContain('#1 ');
      const [article] = writeGeneratedArticles(mkdtempSync(join(tmpdir(), 'briefing-gen-')), 1);
      const added = await runCli(['ingest', '--data-dir', data.dir, '--guild', guild.id, article!], { env });
      expect(added.code, added.stderr).toBe(0);
      // The ingest process's notice reaches the bot through Redis: the next keystroke reads afresh
      // (bounded far below the cache's 30 s, so only the notice can explain the new entry).
      const deadline = performance.now() + 10_000;
      let choices = await suggest();
      while (!choices.includes('Generated report 0') && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        choices = await suggest();
      }
      expect(choices).toContain('#2 Generated report 0');
      expect(await bot.stop('SIGTERM')).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('bot processes with Redis unreachable', () => {
  it(
    'answers every command, rate limits in the process, and warns once',
    async ({ expect, onTestFinished }) => {
      const { fake, data, bots } = await setUp(onTestFinished);
      const closed = `redis://127.0.0.1:${await freePort()}`;
      const env = { REDIS_URL: closed, BRIEFING_RATE_BURST: '2', BRIEFING_RATE_REFILL_MS: '3600000' };
      const bot = bots.start(fake, data.dir, env, ['--shard', '0', '--shards', '1']);
      await bot.connected(START_MS);
      expect(await answerOf(fake, fake.slashCommand({ name: 'help' }).id)).toContain('/ask');
      expect(await answerOf(fake, ask(fake, reader).id)).not.toContain(refused);
      expect(await answerOf(fake, ask(fake, reader).id)).not.toContain(refused);
      // The limit still holds, counted in this process.
      expect(await answerOf(fake, ask(fake, reader).id)).toContain(refused);
      expect(
        await answerOf(fake, fake.autocomplete({ name: 'ask', focused: 'article', value: '' }).id),
      ).toContain('#1 ');
      expect(await bot.stop('SIGTERM')).toBe(0);
      expect(bot.stderr().match(/Redis unreachable/g)).toHaveLength(1);
      expect(bot.stderr()).not.toContain(BOT_TOKEN);
    },
    TEST_TIMEOUT_MS,
  );
});

describe.skipIf(!hasRedisServer)('a bot process when Redis stops mid-run', () => {
  it(
    'answers every command before, during and after the outage, warning once and noting the return',
    async ({ expect, onTestFinished }) => {
      const redis = new PrivateRedis(await freePort());
      await redis.start();
      const { fake, data, bots } = await setUp(async (fn) => {
        onTestFinished(async () => {
          await fn();
          await redis.stop();
        });
      });
      const env = { REDIS_URL: `redis://127.0.0.1:${redis.port}`, BRIEFING_RATE_BURST: '3' };
      const bot = bots.start(fake, data.dir, env);
      await bot.connected(START_MS);
      expect(await answerOf(fake, ask(fake, reader).id)).not.toContain(refused);

      await redis.stop();
      expect(await answerOf(fake, fake.slashCommand({ name: 'help' }).id)).toContain('/ask');
      expect(await answerOf(fake, ask(fake, reader).id)).not.toContain(refused);
      expect(
        await answerOf(fake, fake.autocomplete({ name: 'ask', focused: 'article', value: '' }).id),
      ).toContain('#1 ');
      await until(() => /Redis unreachable/.test(bot.stderr()), 'the warning');

      await redis.start();
      await until(() => /Redis answering again/.test(bot.stderr()), 'the reconnection', 30_000);
      expect(await answerOf(fake, ask(fake, reader).id)).not.toContain(refused);
      expect(await bot.stop('SIGTERM')).toBe(0);
      expect(bot.stderr().match(/Redis unreachable/g)).toHaveLength(1);
    },
    TEST_TIMEOUT_MS,
  );
});

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
