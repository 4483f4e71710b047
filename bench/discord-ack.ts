/**
 * How fast the Discord transport acknowledges interactions under a burst: 500 `/brief`s dispatched
 * at once by the local fake Discord, time from dispatch to the callback arriving at the fake.
 * Compared, in the same run against the same fake, with a bare discord.js client that only
 * `deferReply()`s: the ratio is what our handler adds before the acknowledgement.
 * Usage: node --import tsx bench/discord-ack.ts [burst]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { createApp } from '../src/app.ts';
import { ingestArticle } from '../src/briefing/ingest-article.ts';
import { silentLogger } from '../src/core/logger.ts';
import { startDiscordBot } from '../src/transports/discord/client.ts';
import { FakeDiscord } from '../tests/fakes/discord/fake-discord.ts';
import { percentile } from './datasets.ts';

const ROUNDS = 4;
const ARTICLE = resolve(import.meta.dirname, '../../shared/corpus/belarus-putin-lukashenko.txt');
// discord.js caps REST at 50 requests/s (callbacks excepted); raised so the queue is not what is measured.
const REST_RATE = 10_000;

export interface AckStats {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Interactions not acknowledged within Discord's 3 s. */
  late: number;
}

export interface DiscordAckResult {
  burst: number;
  /** Bursts per side; latencies of all rounds are pooled. */
  rounds: number;
  bare: AckStats;
  bot: AckStats & {
    allRepliedMs: number /** Replies (edits) received over all rounds, of burst × rounds. */;
    replied: number;
  };
  /** Our p50 and p99 over the bare client's. */
  ratio: { p50: number; p99: number };
}

/** Runs both bursts and returns acknowledgement latencies. */
export async function runDiscordAckBench(burst = 500): Promise<DiscordAckResult> {
  const fake = await new FakeDiscord({ ackTimeoutMs: 3_000 }).start();
  const dataDir = mkdtempSync(join(tmpdir(), 'briefing-ack-'));
  try {
    // Warm-up of both sides, discarded: whichever ran first would otherwise pay for JIT and cold caches.
    await bareBurst(fake, Math.min(burst, 200));
    await botBurst(fake, dataDir, Math.min(burst, 200));
    // Rounds alternate which side goes first, and latencies are pooled, so order does not pick a winner.
    const bareRuns: (AckStats & Run)[] = [];
    const botRuns: DiscordAckStatsWithReply[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2 === 0) {
        bareRuns.push(await bareBurst(fake, burst));
        botRuns.push(await botBurst(fake, dataDir, burst));
      } else {
        botRuns.push(await botBurst(fake, dataDir, burst));
        bareRuns.push(await bareBurst(fake, burst));
      }
    }
    const bare = pooled(bareRuns);
    const bot = {
      ...pooled(botRuns),
      allRepliedMs: Math.max(...botRuns.map((r) => r.allRepliedMs)),
      replied: botRuns.reduce((n, r) => n + r.replied, 0),
    };
    return {
      burst,
      rounds: ROUNDS,
      bare,
      bot,
      ratio: { p50: round(bot.p50Ms / bare.p50Ms), p99: round(bot.p99Ms / bare.p99Ms) },
    };
  } finally {
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function bareBurst(fake: FakeDiscord, burst: number): Promise<AckStats & Run> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: fake.apiBase, globalRequestsPerSecond: REST_RATE },
  });
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand()) void interaction.deferReply().catch(() => {});
  });
  const ready = new Promise((r) => client.once(Events.ClientReady, r));
  await client.login('bench-token');
  await ready;
  const ids = dispatchBurst(fake, burst);
  await fake.waitForCount(
    (c) => c.path.endsWith('/callback') && ids.has(c.path.split('/')[2]!),
    burst,
    60_000,
  );
  await client.destroy();
  return stats(fake, ids);
}

async function botBurst(
  fake: FakeDiscord,
  dataDir: string,
  burst: number,
): Promise<DiscordAckStatsWithReply> {
  const app = createApp({ dataDir, logLevel: 'silent' });
  const services = { ...app.services, logger: silentLogger };
  await ingestArticle(services, fake.guilds[0]!.id, {
    title: 'Putin tightens his embrace of Lukashenko',
    text: readFileSync(ARTICLE, 'utf8'),
  });
  const bot = await startDiscordBot({
    services,
    config: {
      token: 'bench-token',
      apiBase: fake.apiBase,
      applicationId: undefined,
      guildId: undefined,
      messageContent: false,
    },
    globalRequestsPerSecond: REST_RATE,
    shutdownGraceMs: 60_000,
  });
  const start = performance.now();
  const ids = dispatchBurst(fake, burst);
  await fake.waitForCount(
    (c) => c.path.endsWith('/callback') && ids.has(c.path.split('/')[2]!),
    burst,
    60_000,
  );
  const tokens = new Set([...ids].map((id) => fake.tokenOf(id)));
  const isReply = (c: { method: string; path: string }) =>
    c.method === 'PATCH' && tokens.has(c.path.split('/')[3]);
  try {
    await fake.waitForCount(isReply, burst, 120_000);
  } catch {
    // Reported below as fewer replies than interactions, rather than failing the whole bench.
  }
  const allRepliedMs = Math.round(performance.now() - start);
  const replied = fake.calls.filter(isReply).length;
  await bot.stop();
  await app.close();
  return { ...stats(fake, ids), allRepliedMs, replied };
}

type DiscordAckStatsWithReply = AckStats & Run & { allRepliedMs: number; replied: number };

/** Dispatches `burst` /brief commands from distinct members (per-user rate limits do not apply). */
function dispatchBurst(fake: FakeDiscord, burst: number): Set<string> {
  const ids = new Set<string>();
  for (let i = 0; i < burst; i++) {
    const user = { id: String(200_000_000_000_000_000n + BigInt(i)), username: `member${i}` };
    ids.add(fake.slashCommand({ name: 'brief', options: { length: 'short' }, user }).id);
  }
  return ids;
}

/** Latencies of one burst, kept raw so rounds can be pooled. */
type Run = { latencies: number[] };

function stats(fake: FakeDiscord, ids: Set<string>): AckStats & Run {
  const latencies = [...ids].map((id) => fake.ackLatency(id) ?? Number.POSITIVE_INFINITY);
  return { ...summarise(latencies), latencies };
}

/** Percentiles over every interaction of every round. */
function pooled(runs: Run[]): AckStats {
  return summarise(runs.flatMap((r) => r.latencies));
}

function summarise(unsorted: number[]): AckStats {
  const latencies = [...unsorted].sort((a, b) => a - b);
  return {
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies.at(-1) ?? Number.NaN),
    late: latencies.filter((ms) => ms > 3_000).length,
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const burst = Number(process.argv[2] ?? 500);
  console.log(JSON.stringify(await runDiscordAckBench(burst), null, 2));
}
