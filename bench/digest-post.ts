/**
 * Digest posting under load: N schedules (10 per server, each in its own channel) due in the same
 * minute, posted by the real bot (DigestJob through the Scheduler and DiscordPublisher) to the
 * local fake Discord. The scheduler is ticked by hand until every run is recorded. Reports the
 * time to the last post beside the floor Discord's global limit sets (each digest is 2 requests,
 * its message and its thread, so the floor is requests / 50 s), the posts and doubles counted per
 * channel in the fake, the cost of each busy tick, and the cost of an idle tick once the table holds
 * `idleSchedules` schedules.
 * Run: npm run bench -- --only digest-post   (or npx tsx bench/digest-post.ts [schedules] [rate] [concurrency])
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApp } from '../src/app.ts';
import { ingestArticle } from '../src/briefing/ingest-article.ts';
import { FakeClock } from '../src/core/clock.ts';
import { silentLogger } from '../src/core/logger.ts';
import { DIGEST_POST_CONCURRENCY } from '../src/digests/digest-job.ts';
import { startDiscordBot } from '../src/transports/discord/client.ts';
import { FakeDiscord, type FakeGuild } from '../tests/fakes/discord/fake-discord.ts';
import { fakeSnowflake } from '../tests/fakes/discord/fake-objects.ts';
import { percentile, readJsonl } from './datasets.ts';
import { copySchedules } from './digest-tick.ts';

/** Discord's global limit, and discord.js's default cap. */
const DISCORD_GLOBAL_PER_SECOND = 50;
/** Each digest: the message, then its thread. */
const REQUESTS_PER_DIGEST = 2;
const SCHEDULES_PER_SERVER = 10;
const ARTICLES_PER_SERVER = 3;

interface BbcArticle {
  title: string;
  text: string;
}

export interface DigestPostOptions {
  schedules?: number | undefined;
  /** discord.js's REST cap; undefined keeps its default (Discord's 50/s). */
  requestsPerSecond?: number | undefined;
  /** Schedules in the table (the posted ones plus idle copies) for the idle-tick measurement. */
  idleSchedules?: number | undefined;
  /** Digests posted at once within a tick (the job's default when undefined). */
  postConcurrency?: number | undefined;
}

export interface DigestPostResult {
  schedules: number;
  servers: number;
  /** discord.js's global REST cap during the run. */
  restCapPerSecond: number;
  postConcurrency: number;
  setupSeconds: number;
  /** Runs recorded as posted, of `schedules`. */
  posted: number;
  /** Runs in any other state (skipped, failed, unknown, still open). */
  notPosted: number;
  /** Channels with one message, of `schedules` channels; channels with more than one. */
  channelsWithOnePost: number;
  doubles: number;
  /** Message and thread requests the fake answered with success, of 2 per digest expected. */
  requests: number;
  expectedRequests: number;
  ticks: number;
  /** From the first tick to the last post's arrival at the fake. */
  timeToLastPostSeconds: number;
  /** requests / 50: the least time Discord's global limit allows. */
  floorSeconds: number;
  /** timeToLastPost / floor (1 = at the limit). */
  overFloor: number;
  digestsPerSecond: number;
  /**
   * CPU time of this process (bot and fake Discord together) per digest while posting: what the
   * wall-clock numbers cannot hide on a loaded machine.
   */
  cpuMsPerDigest: number;
  busyTickMedianMs: number;
  busyTickMaxMs: number;
  /** A full scheduler tick (expired claims and due query) with nothing due, `idleSchedules` in the table. */
  idleSchedules: number;
  idleTickMedianMs: number;
  idleTickP95Ms: number;
}

/** Seeds, posts everything due, counts what the fake received. */
export async function runDigestPostBench(options: DigestPostOptions = {}): Promise<DigestPostResult> {
  const schedules = options.schedules ?? 10_000;
  const servers = Math.ceil(schedules / SCHEDULES_PER_SERVER);
  const bbc = readJsonl<BbcArticle>('bbc-news-2225.jsonl');
  if (!bbc) throw new Error('bbc-news-2225.jsonl not found in ../shared/datasets');
  const guilds: FakeGuild[] = Array.from({ length: servers }, (_, g) => ({
    id: fakeSnowflake(),
    name: `Server ${g}`,
    channels: Array.from({ length: SCHEDULES_PER_SERVER }, (_, c) => ({
      id: fakeSnowflake(),
      name: `digest-${c}`,
      type: 0,
    })),
  }));
  const fake = await new FakeDiscord({ guilds }).start();
  const dataDir = mkdtempSync(join(tmpdir(), 'briefing-digest-post-'));
  // A clock that stands still between setup and the due minute: leases never expire under it, so
  // every run is posted by its first claim and nothing here depends on how slow the machine is.
  const clock = new FakeClock(new Date('2026-05-11T06:00:00Z'));
  const app = createApp({ dataDir, logLevel: 'silent', clock });
  const services = { ...app.services, logger: silentLogger };
  const bot = await startDiscordBot({
    services,
    config: {
      token: 'bench-token',
      apiBase: fake.apiBase,
      applicationId: undefined,
      guildId: undefined,
      messageContent: false,
    },
    globalRequestsPerSecond: options.requestsPerSecond,
    tickIntervalMs: 0,
    digestPostConcurrency: options.postConcurrency,
    shutdownGraceMs: 60_000,
  });
  try {
    const setupStart = performance.now();
    let next = 0;
    for (const [g, guild] of guilds.entries()) {
      for (let a = 0; a < ARTICLES_PER_SERVER; a++) {
        const article = bbc[(g * ARTICLES_PER_SERVER + a) % bbc.length]!;
        const added = await ingestArticle(services, guild.id, { title: article.title, text: article.text });
        if (!added.ok) throw new Error(`ingest failed: ${added.message}`);
      }
      for (const channel of guild.channels) {
        if (next++ >= schedules) break;
        await services.digests.upsertSchedule(guild.id, {
          channelId: channel.id,
          time: '07:00',
          timezone: 'UTC',
          length: 'short',
          days: 'daily',
          whenEmpty: 'post',
          createdBy: 'bench',
        });
      }
    }
    const setupSeconds = (performance.now() - setupStart) / 1000;

    clock.advance(60 * 60_000 + 1_000); // 07:00:01, every schedule due
    const isPost = (c: { method: string; path: string; status: number }) =>
      c.method === 'POST' && c.status === 200 && /^\/channels\/\d+\/messages$/.test(c.path);
    const isThread = (c: { method: string; path: string; status: number }) =>
      c.method === 'POST' && c.status === 201 && c.path.endsWith('/threads');
    const firstCall = fake.calls.length;
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const busy: number[] = [];
    let handled = 0;
    // Until a tick finds nothing more: the job handles at most 200 per tick.
    for (;;) {
      const t = performance.now();
      const report = await bot.scheduler.tick(clock.now());
      busy.push(performance.now() - t);
      if (report.failed.digests) throw new Error(`tick failed: ${report.failed.digests}`);
      const n = report.handled.digests ?? 0;
      handled += n;
      if (n === 0) break;
    }
    busy.pop(); // the empty tick that ended the loop
    const cpu = process.cpuUsage(cpuStart);
    const calls = fake.calls.slice(firstCall);
    const posts = calls.filter(isPost);
    const threads = calls.filter(isThread);
    const last = Math.max(...posts.map((c) => c.at), ...threads.map((c) => c.at));
    const timeToLastPostSeconds = (last - start) / 1000;

    // Distinct nonces per channel: a repeat with the same nonce is the same message on Discord.
    const perChannel = new Map<string, Set<string>>();
    for (const c of posts) {
      const channel = c.path.split('/')[2]!;
      const set = perChannel.get(channel) ?? new Set<string>();
      set.add(String(c.body?.nonce ?? `no-nonce-${set.size}`));
      perChannel.set(channel, set);
    }
    const counts = [...perChannel.values()].map((s) => s.size);
    let posted = 0;
    for (const guild of guilds) {
      for (const schedule of await services.digests.listSchedules(guild.id)) {
        const [run] = await services.digests.listRuns(guild.id, schedule.id, 1);
        if (run?.state === 'posted') posted++;
      }
    }
    if (handled !== schedules) throw new Error(`handled ${handled} runs, expected ${schedules}`);
    const requests = posts.length + threads.length;
    const floorSeconds = requests / DISCORD_GLOBAL_PER_SECOND;

    // Idle: the posted schedules now wait for tomorrow; copies of them fill the table.
    const idleSchedules = Math.max(options.idleSchedules ?? 100_000, schedules);
    copySchedules(join(dataDir, 'briefing.db'), idleSchedules - schedules);
    clock.advance(60_000);
    const idle: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      const report = await bot.scheduler.tick(clock.now());
      idle.push(performance.now() - t);
      if ((report.handled.digests ?? 0) !== 0) throw new Error('expected an idle tick');
    }
    busy.sort((a, b) => a - b);
    idle.sort((a, b) => a - b);
    return {
      schedules,
      servers,
      restCapPerSecond: options.requestsPerSecond ?? DISCORD_GLOBAL_PER_SECOND,
      postConcurrency: options.postConcurrency ?? DIGEST_POST_CONCURRENCY,
      setupSeconds: round(setupSeconds, 1),
      posted,
      notPosted: schedules - posted,
      channelsWithOnePost: counts.filter((n) => n === 1).length,
      doubles: counts.filter((n) => n > 1).length,
      requests,
      expectedRequests: schedules * REQUESTS_PER_DIGEST,
      ticks: busy.length,
      timeToLastPostSeconds: round(timeToLastPostSeconds, 1),
      floorSeconds: round(floorSeconds, 1),
      overFloor: round(timeToLastPostSeconds / floorSeconds, 2),
      digestsPerSecond: round(posts.length / timeToLastPostSeconds, 1),
      cpuMsPerDigest: round((cpu.user + cpu.system) / 1000 / schedules, 2),
      busyTickMedianMs: round(percentile(busy, 50), 0),
      busyTickMaxMs: round(busy.at(-1) ?? Number.NaN, 0),
      idleSchedules,
      idleTickMedianMs: round(percentile(idle, 50), 3),
      idleTickP95Ms: round(percentile(idle, 95), 3),
    };
  } finally {
    await bot.stop();
    await app.close();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const schedules = Number(process.argv[2] ?? 10_000);
  const rate = process.argv[3] ? Number(process.argv[3]) : undefined;
  const concurrency = process.argv[4] ? Number(process.argv[4]) : undefined;
  const result = await runDigestPostBench({
    schedules,
    requestsPerSecond: rate,
    postConcurrency: concurrency,
  });
  console.log(JSON.stringify(result, null, 2));
}
