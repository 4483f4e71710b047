/**
 * A deployment for real: three `bin/briefing-bot discord --shard I --shards 3` processes against
 * ONE PostgreSQL (a schema of this test's own), ONE Redis (a key prefix of its own) and the fake
 * Discord in this process, and two `bin/briefing-bot ingest` processes on one database.
 *
 * Who posts a digest: each shard process serves the schedules of the servers Discord sent it
 * (`serves` in transports/discord/client.ts checks the client's guild cache), so a schedule is
 * claimed by its server's shard; two processes of one shard race on the run's unique key. A shard
 * killed mid-run leaves its claims to the surviving shards, which recover them once their lease has
 * expired (any shard may: the publisher reads a channel's permissions and history over REST when
 * the server is not in its cache), while going on posting their own servers' digests.
 *
 * The database is seeded through the store ports with a FakeClock in the past (when schedules were
 * set and articles stored); the bots run on the system clock, tick every 200 ms and hold a claim for
 * 1.5 s. Every wait is a bounded poll of PostgreSQL or the fake.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { ingestArticle } from '../../src/briefing/ingest-article.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { DigestSchedule } from '../../src/digests/digest-store.ts';
import { OfflineEngine } from '../../src/llm/offline/offline-engine.ts';
import { openPostgresBackend, type PostgresBackend } from '../../src/store/postgres/pg-backend.ts';
import { storeServices } from '../../src/store/store-services.ts';
import { REDIS_URL, skipRedisTests } from '../cache/redis-probe.ts';
import {
  FakeDiscord,
  type FakeGuild,
  type HeldFate,
  type RecordedCall,
  shardOfGuild,
} from '../fakes/discord/fake-discord.ts';
import { fakeSnowflake, fakeSnowflakeOnShards } from '../fakes/discord/fake-objects.ts';
import { type ChatRequestBody, delay, FakeOpenAiServer, taskOf } from '../fakes/fake-openai-server.ts';
import { plausibleModel } from '../fakes/plausible-model.ts';
import { BOT_TOKEN, type BotProcess, BotProcesses } from '../helpers/bot-process.ts';
import { createTestSchema, type PgTestSchema, skipPgTests } from '../helpers/pg-schema.ts';
import { DEMO_ARTICLE, runCli, tempDataDir } from '../helpers/run-cli.ts';

const skip = (await skipPgTests()) || (await skipRedisTests());

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SHARDS = 3;
const DIGESTS = 100;
/** Two servers per shard, the 100 channels dealt round them. */
const GUILDS_PER_SHARD = 2;
/** Child processes start slowly on a loaded machine; the waits inside are bounded on their own. */
const TEST_TIMEOUT_MS = 300_000;
const START_MS = 120_000;
const DONE_MS = 150_000;

/** A fake Discord with guilds on every shard, a schema, the seeded store and the bots' settings. */
interface Deployment {
  fake: FakeDiscord;
  schema: PgTestSchema;
  backend: PostgresBackend;
  bots: BotProcesses;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** Every channel with its server and the shard that server is on. */
  channels: { id: string; guild: string; shard: number }[];
}

async function deploy(onFinished: (fn: () => Promise<void>) => void, label: string): Promise<Deployment> {
  const guilds: FakeGuild[] = Array.from({ length: SHARDS * GUILDS_PER_SHARD }, (_, i) => ({
    id: fakeSnowflakeOnShards({ [SHARDS]: i % SHARDS }),
    name: `server-${i}`,
    channels: [],
  }));
  const channels = Array.from({ length: DIGESTS }, (_, i) => {
    const guild = guilds[i % guilds.length]!;
    const channel = { id: fakeSnowflake(), name: `digests-${i}`, type: 0 };
    guild.channels.push(channel);
    return { id: channel.id, guild: guild.id, shard: shardOfGuild(guild.id, SHARDS) };
  });
  const fake = await new FakeDiscord({ guilds }).start();
  const schema = await createTestSchema(label);
  const clock = new FakeClock(new Date(Date.now() - 2 * HOUR - MINUTE));
  const backend = await openPostgresBackend({ url: schema.url, schema: schema.schema, clock });
  const data = tempDataDir();
  const bots = new BotProcesses();
  onFinished(async () => {
    await bots.killAll();
    await backend.close();
    await schema.drop();
    await fake.close();
    data.cleanup();
  });
  const env = {
    DATABASE_URL: schema.url,
    BRIEFING_DATABASE_SCHEMA: schema.schema,
    REDIS_URL,
    BRIEFING_REDIS_PREFIX: `test:${randomUUID().slice(0, 8)}:`,
    BRIEFING_TICK_MS: '200',
    BRIEFING_DIGEST_LEASE_MS: '1500',
  };
  return { fake, schema, backend, bots, dataDir: data.dir, env, channels };
}

/**
 * One article per server stored 2 hours and a minute ago, then a daily UTC schedule per channel set
 * a minute later, whose due time was a minute ago: all 100 are due at once, each with content.
 */
async function seed(d: Deployment): Promise<DigestSchedule[]> {
  const clock = new FakeClock(new Date(Date.now() - 2 * HOUR - MINUTE));
  const services = storeServices(d.backend, { engine: new OfflineEngine(), clock, logger: silentLogger });
  const text = readFileSync(DEMO_ARTICLE, 'utf8');
  for (const guild of new Set(d.channels.map((c) => c.guild))) {
    const added = await ingestArticle(services, guild, {
      title: 'Putin tightens his embrace of Lukashenko',
      text,
    });
    if (!added.ok) throw new Error('the article was not stored');
  }
  // Through a store on the past clock, so the schedules were set before their due time.
  const past = await openPostgresBackend({
    url: d.schema.url,
    schema: d.schema.schema,
    clock: new FakeClock(new Date(Date.now() - 2 * HOUR)),
  });
  try {
    const time = new Date(Date.now() - MINUTE).toISOString().slice(11, 16);
    const schedules: DigestSchedule[] = [];
    for (const channel of d.channels) {
      const { schedule } = await past.digests.upsertSchedule(channel.guild, {
        channelId: channel.id,
        time,
        timezone: 'UTC',
        length: 'short',
        days: 'daily',
        whenEmpty: 'skip',
        createdBy: 'test',
      });
      schedules.push(schedule);
    }
    return schedules;
  } finally {
    await past.close();
  }
}

/** Shard I of 3 as its own process on the deployment's database, Redis and fake. */
function startShard(d: Deployment, shard: number): BotProcess {
  return d.bots.start(d.fake, d.dataDir, d.env, ['--shard', String(shard), '--shards', String(SHARDS)]);
}

interface RunRow {
  id: string;
  schedule_id: string;
  channel_id: string;
  posted_in: string | null;
  message_id: string | null;
  state: string;
  attempt: number;
}

async function runRows(d: Deployment): Promise<RunRow[]> {
  const result = await d.backend.db.query<RunRow>(
    'test runs',
    // The schedule's channel: a run records where it landed only once posted.
    `SELECT r.id::text, r.schedule_id::text, s.channel_id, r.channel_id AS posted_in, r.message_id, r.state,
            r.attempt
       FROM digest_runs r JOIN digest_schedules s ON s.id = r.schedule_id ORDER BY r.schedule_id`,
  );
  return result.rows;
}

/** Polls PostgreSQL every 200 ms until every schedule's run is posted; fails after `timeoutMs`. */
async function untilAllPosted(d: Deployment, timeoutMs = DONE_MS): Promise<RunRow[]> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const rows = await runRows(d);
    if (rows.filter((r) => r.state === 'posted').length >= DIGESTS) return rows;
    if (performance.now() > deadline) {
      const states: Record<string, number> = {};
      for (const r of rows) states[r.state] = (states[r.state] ?? 0) + 1;
      throw new Error(`not every digest posted within ${timeoutMs} ms: ${JSON.stringify(states)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The channel message POSTs Discord acted on (status 0 marks a dropped one), by channel. */
function acceptedPosts(fake: FakeDiscord): Map<string, RecordedCall[]> {
  const byChannel = new Map<string, RecordedCall[]>();
  for (const call of fake.calls) {
    const channel =
      call.method === 'POST' ? call.path.match(/^\/channels\/(\d+)\/messages$/)?.[1] : undefined;
    if (!channel || call.status !== 200) continue;
    byChannel.set(channel, [...(byChannel.get(channel) ?? []), call]);
  }
  return byChannel;
}

/** The run ids a bot process logged recovering (pino's JSON lines on its standard error). */
function recoveredRuns(stderr: string): string[] {
  return stderr.split('\n').flatMap((line) => {
    if (!line.includes('recovering a digest run')) return [];
    const entry = JSON.parse(line) as { run?: string };
    return entry.run ? [entry.run] : [];
  });
}

/** The shard a REST call came from, as its User-Agent names it. */
function shardOf(call: RecordedCall): number | undefined {
  const m = call.userAgent.match(/briefing-bot-shard\/(\d+)/);
  return m ? Number(m[1]) : undefined;
}

describe.skipIf(skip)('bot shards as processes on one PostgreSQL and one Redis', () => {
  it(
    'posts 100 digests due at once exactly once, each from the shard of its server',
    async ({ expect, onTestFinished }) => {
      const d = await deploy(onTestFinished, 'pg_procs_due');
      const schedules = await seed(d);
      expect(schedules).toHaveLength(DIGESTS);
      const bots = [0, 1, 2].map((shard) => startShard(d, shard));
      await Promise.all(bots.map((bot) => bot.connected(START_MS)));
      const rows = await untilAllPosted(d);
      // A clean stop waits for the tick in progress: whatever any would still post is posted.
      expect(await Promise.all(bots.map((bot) => bot.stop('SIGTERM')))).toEqual([0, 0, 0]);

      expect(rows).toHaveLength(DIGESTS);
      expect(new Set(rows.map((r) => r.schedule_id)).size).toBe(DIGESTS);
      const posts = acceptedPosts(d.fake);
      expect([...posts.values()].flat()).toHaveLength(DIGESTS);
      for (const channel of d.channels) {
        const made = d.fake.channelPosts(channel.id);
        expect(made, `posts in channel ${channel.id}`).toHaveLength(1);
        expect(posts.get(channel.id)!.map(shardOf)).toEqual([channel.shard]);
        expect(rows.find((r) => r.channel_id === channel.id)).toMatchObject({
          posted_in: channel.id,
          message_id: String(made[0]!.id),
        });
      }
      // Every shard had servers, so every shard posted.
      expect(new Set([...posts.values()].flat().map(shardOf))).toEqual(new Set([0, 1, 2]));
      for (const bot of bots) expect(bot.stderr()).not.toContain(BOT_TOKEN);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'after a shard is killed with SIGKILL holding claims, the surviving shards finish them after the lease: still 100, none twice',
    async ({ expect, onTestFinished }) => {
      const d = await deploy(onTestFinished, 'pg_procs_kill');
      // Longer than the victim needs from its claims to its death, so nobody takes them over from a
      // live owner whose posts the fake holds (that would be correct too, but not this test).
      d.env.BRIEFING_DIGEST_LEASE_MS = '15000';
      await seed(d);
      const victim = 1;
      const survivorShards = [0, 2];
      const victimChannels = d.channels.filter((c) => c.shard === victim);
      // Three of the victim's posts are held in flight when it dies: one never reaches Discord,
      // two land after it died (Discord made them, the bot never learned their ids).
      const fates: HeldFate[] = ['drop', 'land', 'land'];
      const held = fates.map((fate, i) => ({ fate, channel: victimChannels[i]!.id }));
      const holds = held.map((h) => d.fake.holdNextPost(h.channel));
      const bots = [0, 1, 2].map((shard) => startShard(d, shard));
      const arrived = await Promise.all(holds.map((h) => h.arrived(DONE_MS)));
      expect(arrived.map(shardOf)).toEqual([victim, victim, victim]);
      // The held posts keep the victim's tick open while its other workers claim the rest of its
      // schedules: once every one of them has a run, nothing of the victim's is merely due.
      const claimedAll = performance.now() + DONE_MS;
      while (
        (await runRows(d)).filter((r) => victimChannels.some((c) => c.id === r.channel_id)).length <
        victimChannels.length
      ) {
        if (performance.now() > claimedAll) throw new Error("the victim did not claim all its servers' runs");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // Each held post is a claimed run marked posting, its nonce naming the run, still the victim's.
      const inFlight = (await runRows(d)).filter((r) => held.some((h) => h.channel === r.channel_id));
      expect(inFlight.map((r) => [r.state, r.attempt])).toEqual([
        ['posting', 1],
        ['posting', 1],
        ['posting', 1],
      ]);

      expect(await bots[victim]!.stop('SIGKILL')).toBe('SIGKILL');
      for (const [i, hold] of holds.entries()) await hold.release(fates[i]!);
      // What the victim held when it died: the held posts and whatever else its workers had claimed.
      // (The other shards' open claims are theirs, in progress.)
      const open = (await runRows(d)).filter(
        (r) =>
          (r.state === 'claimed' || r.state === 'posting') &&
          victimChannels.some((c) => c.id === r.channel_id),
      );
      expect(open.length).toBeGreaterThanOrEqual(held.length);
      expect(open.every((r) => r.attempt === 1)).toBe(true);

      // Nobody restarts shard 1: the survivors post their own servers' digests and finish its claims.
      const rows = await untilAllPosted(d);
      const survivors = survivorShards.map((shard) => bots[shard]!);
      expect(await Promise.all(survivors.map((bot) => bot.stop('SIGTERM')))).toEqual([0, 0]);

      expect(rows).toHaveLength(DIGESTS);
      expect(rows.every((r) => r.state === 'posted')).toBe(true);
      expect(new Set(rows.map((r) => r.schedule_id)).size).toBe(DIGESTS);
      const posts = acceptedPosts(d.fake);
      // The landed posts were found in the channels' history and adopted, not posted again.
      expect([...posts.values()].flat()).toHaveLength(DIGESTS);
      for (const channel of d.channels) {
        const made = d.fake.channelPosts(channel.id);
        expect(made, `posts in channel ${channel.id}`).toHaveLength(1);
        expect(rows.find((r) => r.channel_id === channel.id)).toMatchObject({
          posted_in: channel.id,
          message_id: String(made[0]!.id),
        });
        // The survivors' own servers' digests come from their own shard.
        if (channel.shard !== victim) expect(posts.get(channel.id)!.map(shardOf)).toEqual([channel.shard]);
      }
      // The dropped post was made again by a survivor; the landed ones stand as the victim made them.
      const [dropped, ...landed] = held.map((h) => posts.get(h.channel)!.map(shardOf));
      expect(survivorShards).toContain(dropped![0]);
      expect(landed).toEqual([[victim], [victim]]);
      // A claim the victim left open and that had not landed is posted by a survivor.
      for (const run of open) {
        const shard = posts.get(run.channel_id)![0]!;
        if (run.state === 'claimed') expect(survivorShards).toContain(shardOf(shard));
      }
      // Each of the victim's open claims was recovered once, by one of the survivors.
      const recoveries = survivors.flatMap((bot) => recoveredRuns(bot.stderr()));
      for (const run of open) {
        // Run ids are `d` + base36 of the row id (the nonce and marker).
        const id = `d${Number(run.id).toString(36)}`;
        expect(
          recoveries.filter((r) => r === id),
          `run ${id}`,
        ).toHaveLength(1);
      }
      for (const bot of bots) expect(bot.stderr()).not.toContain(BOT_TOKEN);
    },
    TEST_TIMEOUT_MS,
  );
});

describe.skipIf(skip)('two ingest processes on one PostgreSQL', () => {
  it(
    'store an article sent to both at once once: one row, its sentences once, one signature, one analysis',
    async ({ expect, onTestFinished }) => {
      const schema = await createTestSchema('pg_procs_ingest');
      // The LLM answers analysis slowly, so both processes are past their duplicate checks while
      // the first waits for it; the analysis is single-flight across processes through Redis.
      const llm = await FakeOpenAiServer.start((body: ChatRequestBody) => {
        const { response } = plausibleModel(body);
        return taskOf(body) === 'article_analysis' ? delay(2_000, response) : response;
      });
      const data = tempDataDir();
      const backend = await openPostgresBackend({
        url: schema.url,
        schema: schema.schema,
        clock: new FakeClock(),
      });
      onTestFinished(async () => {
        await backend.close();
        await schema.drop();
        await llm.close();
        data.cleanup();
      });
      const guild = fakeSnowflake();
      const env = {
        DATABASE_URL: schema.url,
        BRIEFING_DATABASE_SCHEMA: schema.schema,
        REDIS_URL,
        BRIEFING_REDIS_PREFIX: `test:${randomUUID().slice(0, 8)}:`,
        BRIEFING_LLM: 'openai',
        OPENAI_BASE_URL: llm.baseURL,
        OPENAI_API_KEY: 'test-key',
        OPENAI_MODEL: 'fake-model',
        OPENAI_MAX_RETRIES: '0',
        BRIEFING_LOG_LEVEL: 'warn',
      };
      const ingest = () =>
        runCli(['ingest', '--data-dir', data.dir, '--guild', guild, DEMO_ARTICLE], { env });
      const results = await Promise.all([ingest(), ingest()]);
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      const outcomes = results.map((r) =>
        /\tadded/.test(r.stdout) ? 'added' : /duplicate/i.test(r.stdout) ? 'duplicate' : r.stdout,
      );
      expect(outcomes.sort()).toEqual(['added', 'duplicate']);

      const count = async (sql: string) =>
        Number((await backend.db.query<{ n: string }>('test count', sql, [guild])).rows[0]!.n);
      expect(await count('SELECT count(*) AS n FROM articles WHERE tenant = $1')).toBe(1);
      const [article] = (
        await backend.db.query<{ id: string }>(
          'test article',
          'SELECT id::text FROM articles WHERE tenant = $1',
          [guild],
        )
      ).rows;
      const sentences = (await backend.store.getPassages(guild, Number(article!.id))).length;
      expect(sentences).toBeGreaterThan(5);
      expect(await count('SELECT count(*) AS n FROM passages WHERE tenant = $1')).toBe(sentences);
      expect(await count('SELECT count(*) AS n FROM article_signatures WHERE tenant = $1')).toBe(1);
      // One analysis request reached the model, however the two processes interleaved.
      expect(llm.requests.filter((b) => taskOf(b) === 'article_analysis')).toHaveLength(1);
      // The registry counts the article's actors once.
      const [top] = await backend.store.listRegistryActors(guild, 1);
      expect(top?.articleCount).toBe(1);
    },
    TEST_TIMEOUT_MS,
  );
});
