/**
 * Several shards as REAL `bin/briefing-bot discord` processes against the fake Discord in this
 * process, started by the `--shards N` launcher: every shard is sent only its own guilds, so an
 * interaction is answered by the process of the shard that received it (each shard names itself in
 * its REST User-Agent), a crashed shard comes back, SIGTERM stops them all, and a follow-up in a
 * briefing thread is answered by whichever shard receives it (after a reshard from 2 to 3).
 * Every wait is bounded.
 */
import { describe, it } from 'vitest';
import { FakeDiscord, type FakeGuild, type RecordedCall } from '../fakes/discord/fake-discord.ts';
import { fakeSnowflake, fakeSnowflakeOnShards } from '../fakes/discord/fake-objects.ts';
import { BOT_TOKEN, BotProcesses } from '../helpers/bot-process.ts';
import { DEMO_ARTICLE, runCli, tempDataDir } from '../helpers/run-cli.ts';

/** Child processes start slowly on a loaded machine; the waits inside are bounded on their own. */
const TEST_TIMEOUT_MS = 240_000;
const START_MS = 120_000;
const BOT_ENV = { BRIEFING_SHARD_SPAWN_DELAY_MS: '300', DISCORD_MESSAGE_CONTENT: '1' };

function guildOn(shards: Record<number, number>, name: string): FakeGuild {
  return {
    id: fakeSnowflakeOnShards(shards),
    name,
    channels: [{ id: fakeSnowflake(), name: 'news', type: 0 }],
  };
}

/** The shard a REST call came from, as its User-Agent names it. */
function shardOf(call: RecordedCall): number | undefined {
  const m = call.userAgent.match(/briefing-bot-shard\/(\d+)/);
  return m ? Number(m[1]) : undefined;
}

const isCallbackOf = (id: string) => (c: RecordedCall) =>
  c.method === 'POST' && c.path.startsWith(`/interactions/${id}/`);

async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Whether a process with this id still runs. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('bot shards as processes (the --shards launcher)', () => {
  it(
    'answers each interaction from the shard that received it, restarts a crashed shard, and stops all on SIGTERM',
    async ({ expect, onTestFinished }) => {
      const guilds = [guildOn({ 3: 0 }, 'zero'), guildOn({ 3: 1 }, 'one'), guildOn({ 3: 2 }, 'two')];
      const fake = await new FakeDiscord({ guilds }).start();
      const data = tempDataDir();
      const bots = new BotProcesses();
      onTestFinished(async () => {
        await bots.killAll();
        await fake.close();
        data.cleanup();
      });
      const launcher = bots.start(fake, data.dir, BOT_ENV, ['--shards', '3']);
      await launcher.connected(START_MS, 3);
      expect(fake.liveShards()).toEqual([
        [0, 3],
        [1, 3],
        [2, 3],
      ]);
      // The application's commands are registered once, by shard 0.
      const puts = fake.calls.filter((c) => c.method === 'PUT' && c.path.endsWith('/commands'));
      expect(puts.map(shardOf)).toEqual([0]);

      for (const [i, guild] of guilds.entries()) {
        const sent = fake.slashCommand({ name: 'help', guildId: guild.id });
        const callback = await fake.waitFor(isCallbackOf(sent.id), 10_000);
        expect(fake.receivedBy(sent.id)).toEqual([i]);
        expect(shardOf(callback)).toBe(i);
        expect([200, 204]).toContain(callback.status);
      }

      // Shard 1 crashes: the launcher starts it again, and guild "one" is answered once more.
      const pids = [...launcher.stderr().matchAll(/shard (\d)\/3 started \(pid (\d+)\)/g)].map((m) =>
        Number(m[2]),
      );
      expect(pids).toHaveLength(3);
      process.kill(pids[1]!, 'SIGKILL');
      await until(
        () => /shard 1 exited \(signal SIGKILL\); restarting it in \d+ ms/.test(launcher.stderr()),
        'restart',
      );
      await launcher.connected(START_MS, 4);
      expect(fake.liveShards()).toEqual([
        [0, 3],
        [1, 3],
        [2, 3],
      ]);
      const again = fake.slashCommand({ name: 'help', guildId: guilds[1]!.id });
      expect(shardOf(await fake.waitFor(isCallbackOf(again.id), 10_000))).toBe(1);

      // SIGTERM to the launcher stops every shard cleanly, and the launcher with them.
      const running = [...launcher.stderr().matchAll(/shard \d\/3 started \(pid (\d+)\)/g)]
        .map((m) => Number(m[1]))
        .filter(alive);
      expect(running).toHaveLength(3);
      expect(await launcher.stop('SIGTERM')).toBe(0);
      expect(launcher.stderr().match(/shard \d stopped \(code 0\)/g)).toHaveLength(3);
      expect(running.filter(alive)).toEqual([]);
      expect(launcher.stderr()).not.toContain(BOT_TOKEN);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'answers a follow-up in a briefing thread from whichever shard receives it (resharded from 2 to 3)',
    async ({ expect, onTestFinished }) => {
      // Shard 0 of 2, then shard 1 of 3: another process answers after the reshard.
      const guild = guildOn({ 2: 0, 3: 1 }, 'newsroom');
      const others = [guildOn({ 2: 1, 3: 0 }, 'other'), guildOn({ 3: 2 }, 'third')];
      const fake = await new FakeDiscord({ guilds: [guild, ...others] }).start();
      const data = tempDataDir();
      const bots = new BotProcesses();
      onTestFinished(async () => {
        await bots.killAll();
        await fake.close();
        data.cleanup();
      });
      const ingested = await runCli(['ingest', '--data-dir', data.dir, '--guild', guild.id, DEMO_ARTICLE]);
      expect(ingested.code, ingested.stderr).toBe(0);

      const two = bots.start(fake, data.dir, BOT_ENV, ['--shards', '2']);
      await two.connected(START_MS, 2);
      const brief = fake.slashCommand({ name: 'brief', guildId: guild.id, options: { topic: 'Belarus' } });
      const thread = await fake.waitFor((c) => c.method === 'POST' && c.path.endsWith('/threads'), 60_000);
      expect(fake.receivedBy(brief.id)).toEqual([0]);
      expect(shardOf(thread)).toBe(0);
      const threadId = String(fake.original(brief.id)!.id);
      expect(await two.stop('SIGTERM')).toBe(0);

      const three = bots.start(fake, data.dir, BOT_ENV, ['--shards', '3']);
      await three.connected(START_MS, 3);
      fake.userMessage({ channelId: threadId, content: 'Who is Putin?' });
      const answer = await fake.waitFor(
        (c) => c.method === 'POST' && c.path === `/channels/${threadId}/messages`,
        60_000,
      );
      // Shard 1 of 3 has no memory of the briefing but the shared store: it continues the conversation.
      expect(shardOf(answer)).toBe(1);
      expect(answer.body?.message_reference).toBeTruthy();
      expect(JSON.stringify(answer.body)).toMatch(/Putin/);
      expect(await three.stop('SIGTERM')).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});
