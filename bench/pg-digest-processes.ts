/**
 * Digest throughput of REAL bot processes on one PostgreSQL: N digests due at once, posted by one
 * `bin/briefing-bot discord` process, then by three shard processes (`--shard I --shards 3`), each
 * against the fake Discord in this process, on a schema of its own (dropped after).
 *
 * The schedules are seeded while no bot runs and hidden from the due query (next_due_at set aside);
 * once every process has connected they are made due in one statement, and the clock runs from
 * there to the last post's arrival at the fake. Exactly-once is checked on the way (posts per
 * channel in the fake, runs in PostgreSQL).
 *
 * What it measures is the bot's side: each process has its own discord.js REST queue (50 requests/s,
 * 2 requests a digest), and the fake enforces no global limit. Discord's 50/s is per bot token, so
 * on Discord three processes share one such cap; the floor for each setup is printed beside it.
 * Needs PostgreSQL on 127.0.0.1:5432 (and Redis on 6379, optional).
 * Run: npm run bench -- --only pg-digest-procs   (or npx tsx bench/pg-digest-processes.ts [digests])
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { ingestArticle } from '../src/briefing/ingest-article.ts';
import { FakeClock } from '../src/core/clock.ts';
import { silentLogger } from '../src/core/logger.ts';
import { OfflineEngine } from '../src/llm/offline/offline-engine.ts';
import { openPostgresBackend, type PostgresBackend } from '../src/store/postgres/pg-backend.ts';
import { storeServices } from '../src/store/store-services.ts';
import { REDIS_URL, redisAnswers } from '../tests/cache/redis-probe.ts';
import { FakeDiscord, type FakeGuild, type RecordedCall } from '../tests/fakes/discord/fake-discord.ts';
import { fakeSnowflake, fakeSnowflakeOnShards } from '../tests/fakes/discord/fake-objects.ts';
import { type BotProcess, BotProcesses } from '../tests/helpers/bot-process.ts';
import { createTestSchema, skipPgTests } from '../tests/helpers/pg-schema.ts';
import { DEMO_ARTICLE, tempDataDir } from '../tests/helpers/run-cli.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const CHANNELS_PER_SERVER = 10;
/** The message, then its thread. */
const REQUESTS_PER_DIGEST = 2;
/** discord.js's default global cap, per process. */
const REST_CAP_PER_SECOND = 50;
const START_MS = 180_000;
const POST_TIMEOUT_MS = 180_000;

export interface ProcessesRow {
  processes: number;
  digests: number;
  posted: number;
  channelsWithOnePost: number;
  /** Channels with more than one post (must be 0). */
  doubles: number;
  /** From making them due to the last post's arrival at the fake. */
  seconds: number;
  digestsPerSecond: number;
  /** Least time the processes' REST caps allow (each process its own 50/s). */
  floorSeconds: number;
  /** Posts by shard, as the User-Agent names it ('all' for the unsharded process). */
  postsByProcess: Record<string, number>;
  /** CPU time of the bot processes together per digest, while posting: what a loaded machine cannot hide. */
  botCpuMsPerDigest: number;
  /** CPU time of this process (the fake Discord and the poll) per digest meanwhile. */
  fakeCpuMsPerDigest: number;
  /** The machine's 1-minute load average when posting began (2 cores here, shared). */
  loadAverage: number;
}

export interface PgDigestProcessesResult {
  digests: number;
  servers: number;
  redis: boolean;
  one: ProcessesRow;
  three: ProcessesRow;
  /** three.digestsPerSecond / one.digestsPerSecond. */
  speedup: number;
  note: string;
}

/** Runs one process and then three shards on fresh schemas; undefined when PostgreSQL is not running. */
export async function runPgDigestProcessesBench(digests = 300): Promise<PgDigestProcessesResult | undefined> {
  if (await skipPgTests()) return undefined;
  const redis = await redisAnswers();
  const one = await measure(digests, 1, redis);
  const three = await measure(digests, 3, redis);
  return {
    digests,
    servers: Math.ceil(digests / CHANNELS_PER_SERVER),
    redis,
    one,
    three,
    speedup: Math.round((three.digestsPerSecond / one.digestsPerSecond) * 100) / 100,
    note: 'each process has its own 50 requests/s REST cap and the fake enforces no global limit; on Discord the cap is per bot, shared by all shards',
  };
}

async function measure(digests: number, processes: number, redis: boolean): Promise<ProcessesRow> {
  const servers = Math.ceil(digests / CHANNELS_PER_SERVER);
  // Servers spread evenly over the three shards (the single process has them all).
  const guilds: FakeGuild[] = Array.from({ length: servers }, (_, g) => ({
    id: fakeSnowflakeOnShards({ 3: g % 3 }),
    name: `server-${g}`,
    channels: [],
  }));
  const channels = Array.from({ length: digests }, (_, i) => {
    const guild = guilds[i % servers]!;
    const channel = { id: fakeSnowflake(), name: `digests-${i}`, type: 0 };
    guild.channels.push(channel);
    return { id: channel.id, guild: guild.id };
  });
  const fake = await new FakeDiscord({ guilds }).start();
  const schema = await createTestSchema(`bench_digest_procs_${processes}`);
  const data = tempDataDir();
  const bots = new BotProcesses();
  const backend = await openPostgresBackend({
    url: schema.url,
    schema: schema.schema,
    clock: new FakeClock(new Date(Date.now() - 2 * HOUR - MINUTE)),
  });
  try {
    await seed(backend, schema, channels);
    // Set aside: no process sees them due until all are connected.
    await backend.db.query(
      'bench hide',
      'CREATE TABLE bench_due AS SELECT id, next_due_at FROM digest_schedules; UPDATE digest_schedules SET next_due_at = NULL',
    );
    const env = {
      DATABASE_URL: schema.url,
      BRIEFING_DATABASE_SCHEMA: schema.schema,
      ...(redis ? { REDIS_URL, BRIEFING_REDIS_PREFIX: `bench:${randomUUID().slice(0, 8)}:` } : {}),
      BRIEFING_TICK_MS: '200',
      BRIEFING_LOG_LEVEL: 'warn',
    };
    const started: BotProcess[] =
      processes === 1
        ? [bots.start(fake, data.dir, env)]
        : Array.from({ length: processes }, (_, i) =>
            bots.start(fake, data.dir, env, ['--shard', String(i), '--shards', String(processes)]),
          );
    await Promise.all(started.map((bot) => bot.connected(START_MS)));

    const pids = started.map((bot) => bot.pid!);
    const botCpu0 = pids.map(cpuMsOf);
    const ownCpu0 = process.cpuUsage();
    const loadAverage = round(loadavg()[0]!);
    const t0 = performance.now();
    await backend.db.query(
      'bench due',
      'UPDATE digest_schedules s SET next_due_at = d.next_due_at FROM bench_due d WHERE d.id = s.id',
    );
    const deadline = t0 + POST_TIMEOUT_MS;
    let posted = 0;
    while (posted < digests) {
      if (performance.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
      const { rows } = await backend.db.query<{ n: string }>(
        'bench posted',
        "SELECT count(*) AS n FROM digest_runs WHERE state = 'posted'",
      );
      posted = Number(rows[0]!.n);
    }
    const last = Math.max(...fake.calls.filter(isDigestCall).map((c) => c.at));
    const botCpuMs = pids.reduce((sum, pid, i) => sum + cpuMsOf(pid) - botCpu0[i]!, 0);
    const own = process.cpuUsage(ownCpu0);
    await Promise.all(started.map((bot) => bot.stop('SIGTERM')));

    const perChannel = channels.map((c) => fake.channelPosts(c.id).length);
    const postsByProcess: Record<string, number> = {};
    for (const call of fake.calls) {
      if (!isPost(call)) continue;
      const who = call.userAgent.match(/briefing-bot-shard\/(\d+)/)?.[1] ?? 'all';
      postsByProcess[who] = (postsByProcess[who] ?? 0) + 1;
    }
    const seconds = (last - t0) / 1000;
    return {
      processes,
      digests,
      posted,
      channelsWithOnePost: perChannel.filter((n) => n === 1).length,
      doubles: perChannel.filter((n) => n > 1).length,
      seconds: round(seconds),
      digestsPerSecond: round(posted / seconds),
      floorSeconds: round((digests * REQUESTS_PER_DIGEST) / (REST_CAP_PER_SECOND * processes)),
      postsByProcess,
      botCpuMsPerDigest: round(botCpuMs / posted),
      fakeCpuMsPerDigest: round((own.user + own.system) / 1000 / posted),
      loadAverage,
    };
  } finally {
    await bots.killAll();
    await backend.close();
    await schema.drop();
    await fake.close();
    data.cleanup();
  }
}

/** One article per server stored 2 h ago, then a daily schedule per channel due a minute ago. */
async function seed(
  backend: PostgresBackend,
  schema: { url: string; schema: string },
  channels: { id: string; guild: string }[],
): Promise<void> {
  const clock = new FakeClock(new Date(Date.now() - 2 * HOUR - MINUTE));
  const services = storeServices(backend, { engine: new OfflineEngine(), clock, logger: silentLogger });
  const text = readFileSync(DEMO_ARTICLE, 'utf8');
  for (const guild of new Set(channels.map((c) => c.guild))) {
    const added = await ingestArticle(services, guild, {
      title: 'Putin tightens his embrace of Lukashenko',
      text,
    });
    if (!added.ok) throw new Error('the article was not stored');
  }
  const past = await openPostgresBackend({
    url: schema.url,
    schema: schema.schema,
    clock: new FakeClock(new Date(Date.now() - 2 * HOUR)),
  });
  try {
    const time = new Date(Date.now() - MINUTE).toISOString().slice(11, 16);
    for (const channel of channels) {
      await past.digests.upsertSchedule(channel.guild, {
        channelId: channel.id,
        time,
        timezone: 'UTC',
        length: 'short',
        days: 'daily',
        whenEmpty: 'post',
        createdBy: 'bench',
      });
    }
  } finally {
    await past.close();
  }
}

const isPost = (c: RecordedCall) =>
  c.method === 'POST' && c.status === 200 && /^\/channels\/\d+\/messages$/.test(c.path);
/** A digest's message or its thread. */
const isDigestCall = (c: RecordedCall) =>
  isPost(c) || (c.method === 'POST' && /^\/channels\/\d+\/messages\/\d+\/threads$/.test(c.path));

/** User and system CPU time of a live process so far, from /proc (Linux; clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runPgDigestProcessesBench(Number(process.argv[2] ?? 300));
  console.log(JSON.stringify(result ?? { skipped: 'PostgreSQL not reachable' }, null, 2));
}
