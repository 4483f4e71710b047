/**
 * Digests posted exactly once by REAL `bin/briefing-bot discord` processes against the fake Discord
 * in this process: killed with SIGKILL while a post is in flight and restarted, two processes on
 * one data dir, and downtime. The data dir is prepared here through the store (a FakeClock in the
 * past sets when schedules were made and articles stored); the bots run on the system clock, tick
 * every 200 ms and hold a claim for 1.5 s. Every wait is a bounded poll of the fake or the file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { ingestArticle } from '../../src/briefing/ingest-article.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { DigestRun, DigestSchedule, RunState, WhenEmpty } from '../../src/digests/digest-store.ts';
import { OfflineEngine } from '../../src/llm/offline/offline-engine.ts';
import { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';
import { storeServices } from '../../src/store/store-services.ts';
import { FakeDiscord, type FakeGuild, type HeldFate } from '../fakes/discord/fake-discord.ts';
import { fakeSnowflake } from '../fakes/discord/fake-objects.ts';
import { BOT_TOKEN, type BotProcess, BotProcesses } from '../helpers/bot-process.ts';
import { DEMO_ARTICLE, tempDataDir } from '../helpers/run-cli.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Fast ticks and a short lease, so a dead process's claim is recovered within the test. */
const BOT_ENV = { BRIEFING_TICK_MS: '200', BRIEFING_DIGEST_LEASE_MS: '1500' };
/** Child processes start slowly on a loaded machine; the waits inside are bounded on their own. */
const TEST_TIMEOUT_MS = 180_000;
const FINAL: readonly RunState[] = ['posted', 'failed', 'skipped', 'unknown'];
const isFinal = (run: DigestRun | undefined) => run !== undefined && FINAL.includes(run.state);

/** A fake Discord, a data dir with the test's store on it, and the bots started on them. */
interface Env {
  fake: FakeDiscord;
  dir: string;
  store: SqliteArticleStore;
  /** When the test's writes happen: set back in time by {@link seed}. */
  clock: FakeClock;
  bots: BotProcesses;
  tenant: string;
  channels: string[];
}

/** One server with `channelCount` channels; everything is torn down when the test finishes, pass or fail. */
async function setUp(onFinished: (fn: () => Promise<void>) => void, channelCount: number) {
  const guild: FakeGuild = {
    id: fakeSnowflake(),
    name: 'Newsroom',
    channels: Array.from({ length: channelCount }, (_, i) => ({
      id: fakeSnowflake(),
      name: `digests-${i}`,
      type: 0,
    })),
  };
  const fake = await new FakeDiscord({ guilds: [guild] }).start();
  const data = tempDataDir();
  const clock = new FakeClock(new Date(Date.now() - 3 * DAY));
  const store = SqliteArticleStore.open({ path: join(data.dir, 'briefing.db'), clock });
  const bots = new BotProcesses();
  onFinished(async () => {
    await bots.killAll();
    await store.close();
    await fake.close();
    data.cleanup();
  });
  const env: Env = {
    fake,
    dir: data.dir,
    store,
    clock,
    bots,
    tenant: guild.id,
    channels: guild.channels.map((c) => c.id),
  };
  return env;
}

/**
 * A daily UTC schedule into `channel`, set `activeAgo` ago, whose latest due time was `dueAgo`
 * ago (to the minute); with `article`, one stored a minute before it was set (inside its window).
 */
async function seed(
  env: Env,
  input: { channel: string; dueAgo: number; activeAgo: number; article?: boolean; whenEmpty?: WhenEmpty },
): Promise<DigestSchedule> {
  const now = Date.now();
  const { clock, store, tenant } = env;
  clock.advance(now - input.activeAgo - MINUTE - clock.now().getTime());
  if (input.article) {
    const services = {
      ...storeServices(store.backend(), { engine: new OfflineEngine(), clock, logger: silentLogger }),
    };
    const added = await ingestArticle(services, tenant, {
      title: 'Putin tightens his embrace of Lukashenko',
      text: readFileSync(DEMO_ARTICLE, 'utf8'),
    });
    if (!added.ok) throw new Error('the article was not stored');
  }
  // The schedule last: a running bot may take it the moment it is written.
  clock.advance(MINUTE);
  const { schedule } = await store.digestStore().upsertSchedule(tenant, {
    channelId: input.channel,
    time: new Date(now - input.dueAgo).toISOString().slice(11, 16),
    timezone: 'UTC',
    length: 'short',
    days: 'daily',
    whenEmpty: input.whenEmpty ?? 'skip',
    createdBy: 'test',
  });
  return schedule;
}

/** The schedule's runs, newest first, as the bots recorded them in the file. */
function runsOf(env: Env, schedule: DigestSchedule): Promise<DigestRun[]> {
  return env.store.digestStore().listRuns(env.tenant, schedule.id, 10);
}

/** Polls the file every 100 ms until `check` holds for the schedule's runs; fails after `timeoutMs`. */
async function untilRuns(
  env: Env,
  schedule: DigestSchedule,
  check: (runs: DigestRun[]) => boolean,
  timeoutMs = 60_000,
): Promise<DigestRun[]> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const runs = await runsOf(env, schedule);
    if (check(runs)) return runs;
    if (performance.now() > deadline) {
      const seen = runs.map((r) => `${r.localDate} ${r.state}`).join(', ') || 'none';
      throw new Error(`runs of schedule ${schedule.id} not as expected within ${timeoutMs} ms: ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Where a bot is killed and how its post fares. */
interface CrashCase {
  what: string;
  fate: HeldFate;
  /** Restart after Discord has forgotten the nonce. */
  expire: boolean;
  /** No articles, and the schedule posts its one line anyway. */
  empty?: boolean | undefined;
}

/** A bot child on the test's fake and data dir, ticking every 200 ms with a 1.5 s lease. */
function start(env: Env): BotProcess {
  return env.bots.start(env.fake, env.dir, BOT_ENV);
}

describe('digests posted exactly once by real bot processes', () => {
  describe('killed with SIGKILL while its post is in flight, then restarted', () => {
    it.for([
      {
        what: 'before Discord got the post',
        fate: 'drop',
        expire: false,
      },
      {
        what: 'after the post landed, restarted inside the nonce window',
        fate: 'land',
        expire: false,
      },
      {
        what: 'after the post landed, restarted past the nonce window',
        fate: 'land',
        expire: true,
      },
      {
        what: 'after an empty digest (when-empty: post) landed, past the nonce window',
        fate: 'land',
        expire: true,
        empty: true,
      },
    ] satisfies CrashCase[])(
      'posts once: $what',
      { timeout: TEST_TIMEOUT_MS },
      async (c, { expect, onTestFinished }) => {
        const env = await setUp(onTestFinished, 1);
        const channel = env.channels[0]!;
        const schedule = await seed(env, {
          channel,
          dueAgo: MINUTE,
          activeAgo: 2 * HOUR,
          article: !c.empty,
          whenEmpty: c.empty ? 'post' : 'skip',
        });
        const hold = env.fake.holdNextPost(channel);
        const first = start(env);
        const held = await hold.arrived(60_000);
        // The run is claimed and marked posting before anything is sent.
        const [inFlight] = await runsOf(env, schedule);
        expect(inFlight?.state).toBe('posting');
        expect(held.body?.nonce).toBe(`${inFlight!.id}.0`);

        expect(await first.stop('SIGKILL')).toBe('SIGKILL');
        await hold.release(c.fate);
        expect(env.fake.channelPosts(channel)).toHaveLength(c.fate === 'land' ? 1 : 0);
        if (c.expire) env.fake.channels.expireNonces();

        const second = start(env);
        const [run] = await untilRuns(env, schedule, (runs) => isFinal(runs[0]));
        expect(await second.stop('SIGTERM')).toBe(0);
        expect(run).toMatchObject({ id: inFlight!.id, state: 'posted' });
        const posts = env.fake.channelPosts(channel);
        expect(posts).toHaveLength(1);
        const messageId = String(posts[0]!.id);
        expect(run!.posted?.messageId).toBe(messageId);
        // The digest has its thread for follow-ups, even when the crash came before it was started;
        // the empty one-liner starts no conversation.
        const threads = env.fake.calls.filter(
          (call) =>
            call.method === 'POST' && call.path === `/channels/${channel}/messages/${messageId}/threads`,
        );
        expect(threads).toHaveLength(c.empty ? 0 : 1);
        expect(run!.posted?.threadId).toBe(c.empty ? undefined : messageId);
        expect(second.stderr()).toMatch(/recovering a digest run/);
        expect(first.stderr() + second.stderr()).not.toContain(BOT_TOKEN);
      },
    );
  });

  it(
    'two bot processes on the same data dir post a due digest once',
    async ({ expect, onTestFinished }) => {
      const env = await setUp(onTestFinished, 1);
      const channel = env.channels[0]!;
      const [a, b] = [start(env), start(env)];
      await Promise.all([a.connected(), b.connected()]);
      // Due only now that both are ticking: they race for it.
      const schedule = await seed(env, { channel, dueAgo: MINUTE, activeAgo: 2 * HOUR, article: true });
      await untilRuns(env, schedule, (runs) => isFinal(runs[0]));
      // A clean stop waits for the tick in progress: whatever either would still post is posted.
      expect(await Promise.all([a.stop('SIGTERM'), b.stop('SIGTERM')])).toEqual([0, 0]);
      expect(env.fake.channelPosts(channel)).toHaveLength(1);
      const runs = await runsOf(env, schedule);
      expect(runs.map((r) => r.state)).toEqual(['posted']);
      expect(runs[0]!.posted?.messageId).toBe(String(env.fake.channelPosts(channel)[0]!.id));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'after downtime posts a digest missed 2 hours ago once, late, and records 2 days missed as skipped',
    async ({ expect, onTestFinished }) => {
      const env = await setUp(onTestFinished, 2);
      const [lateChannel, staleChannel] = env.channels as [string, string];
      // Set 3 hours ago, due 2 hours ago while the bot was down: within the 3-hour grace.
      const late = await seed(env, {
        channel: lateChannel,
        dueAgo: 2 * HOUR,
        activeAgo: 3 * HOUR,
        article: true,
      });
      // Set 2 days ago, due yesterday and 4 hours ago, beyond grace: skipped, even though an empty
      // digest would be posted (so a wrong plan would show as a post).
      const stale = await seed(env, {
        channel: staleChannel,
        dueAgo: 4 * HOUR,
        activeAgo: 2 * DAY,
        whenEmpty: 'post',
      });
      const bot = start(env);
      const [posted] = await untilRuns(env, late, (runs) => isFinal(runs[0]));
      const skipped = await untilRuns(env, stale, (runs) => runs.length === 2);
      expect(await bot.stop('SIGTERM')).toBe(0);

      expect(env.fake.channelPosts(lateChannel)).toHaveLength(1);
      expect(posted!.dueAt).toEqual(late.nextDueAt);
      expect((await runsOf(env, late)).map((r) => r.state)).toEqual(['posted']);

      expect(env.fake.channelPosts(staleChannel)).toHaveLength(0);
      expect(skipped.map((r) => [r.state, r.reason])).toEqual([
        ['skipped', 'MISSED'],
        ['skipped', 'MISSED'],
      ]);
      expect(skipped.at(-1)!.dueAt).toEqual(stale.nextDueAt);
      expect(skipped[0]!.dueAt.getTime() - skipped[1]!.dueAt.getTime()).toBe(DAY);
    },
    TEST_TIMEOUT_MS,
  );
});
