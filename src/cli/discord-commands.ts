import { type AppOptions, openApp } from '../app.ts';
import {
  DEFAULT_RATE_LIMIT,
  onShutdownSignals,
  type ShardSpec,
  startDiscordBot,
} from '../transports/discord/client.ts';
import { type DiscordConfig, readDiscordEnv } from '../transports/discord/config.ts';
import { registerCommands } from '../transports/discord/register-commands.ts';
import { ShardLauncher } from './shard-launcher.ts';
import { parseShardPlan } from './shard-options.ts';

const NO_TOKEN =
  'DISCORD_TOKEN is not set. Create a bot at https://discord.com/developers/applications, copy its token, and run with DISCORD_TOKEN=... (see README, "Running on Discord").';

/**
 * `briefing-bot discord [--shard I] [--shards N]`: logs in (as shard I of N, or as the whole bot),
 * registers commands, runs until SIGINT/SIGTERM; `--shards N` alone runs N shard processes.
 */
export async function runDiscord(
  options: AppOptions,
  env: NodeJS.ProcessEnv,
  shardArgs: { shard?: string | undefined; shards?: string | undefined } = {},
): Promise<number> {
  const parsed = parseShardPlan(shardArgs);
  if (!parsed.ok) {
    process.stderr.write(`briefing-bot: ${parsed.message}\n`);
    return 2;
  }
  const config = readConfig(env);
  if (!config) return 2;
  if (!config.token) {
    process.stderr.write(`briefing-bot: ${NO_TOKEN}\n`);
    return 2;
  }
  const { plan } = parsed;
  if (plan.kind === 'launcher') return runShardLauncher(options, env, plan.count, config.shardSpawnDelayMs);
  return runOneBot(
    options,
    { ...config, token: config.token },
    plan.kind === 'shard' ? plan.shard : undefined,
  );
}

/** One bot process: the whole bot, or one shard of it. */
async function runOneBot(
  options: AppOptions,
  config: DiscordConfig & { token: string },
  shard: ShardSpec | undefined,
): Promise<number> {
  const app = await openApp(options);
  let bot: Awaited<ReturnType<typeof startDiscordBot>>;
  try {
    bot = await startDiscordBot({
      services: app.services,
      config,
      registerCommands: true,
      shard,
      limiter: app.coordination.rateLimiter(config.rateLimit ?? DEFAULT_RATE_LIMIT),
      tenantChanges: app.coordination.tenantChanges,
      digestGraceMs: options.digestGraceMs,
      digestLeaseMs: options.digestLeaseMs,
      tickIntervalMs: options.tickMs,
      pendingReplies: app.pendingReplies,
      replyGraceMs: config.replyGraceMs,
    });
  } catch (error) {
    await app.close();
    process.stderr.write(`briefing-bot: could not connect to Discord: ${describe(error)}\n`);
    return 1;
  }
  const as = shard ? ` as shard ${shard.id} of ${shard.count}` : '';
  const registered =
    shard && shard.id > 0
      ? 'shard 0 registers the commands'
      : `commands registered ${config.guildId ? `to server ${config.guildId}` : 'globally'}`;
  process.stderr.write(
    `briefing-bot: connected to Discord${as} as ${bot.client.user?.tag ?? 'the bot'} in ${bot.client.guilds.cache.size} server(s); ${registered}. Ctrl-C to stop.\n`,
  );
  await new Promise<void>((resolve) => {
    const shutDown = async () => {
      off();
      process.off('disconnect', shutDown);
      process.stderr.write('briefing-bot: shutting down…\n');
      await bot.stop();
      await app.close();
      resolve();
    };
    const off = onShutdownSignals(shutDown);
    // Started by a `--shards N` launcher (an IPC channel): if the launcher dies, so does this shard,
    // also when it died while this shard was still logging in.
    if (process.send) {
      if (process.connected) process.once('disconnect', shutDown);
      else void shutDown();
    }
  });
  return 0;
}

/** `--shards N`: this process runs no bot itself, only N shard processes (see ShardLauncher). */
async function runShardLauncher(
  options: AppOptions,
  env: NodeJS.ProcessEnv,
  count: number,
  spawnDelayMs = 5_500,
): Promise<number> {
  const script = process.argv[1];
  if (!script) throw new Error('cannot tell which script to start the shards with');
  const launcher = new ShardLauncher({
    count,
    spawnDelayMs,
    commandFor: (id) => ({
      file: process.execPath,
      args: [
        ...process.execArgv,
        script,
        'discord',
        '--data-dir',
        options.dataDir,
        '--shard',
        String(id),
        '--shards',
        String(count),
      ],
    }),
    env,
    log: (line) => process.stderr.write(`briefing-bot: ${line}\n`),
  });
  process.stderr.write(
    `briefing-bot: starting ${count} shard process(es), ${spawnDelayMs} ms apart. Ctrl-C to stop them all.\n`,
  );
  const onSignal = (signal: NodeJS.Signals) => launcher.stop(signal);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  launcher.start();
  try {
    return await launcher.done;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** `briefing-bot register-commands [--guild ID]`: replaces the slash commands without running the bot. */
export async function runRegisterCommands(
  guild: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const config = readConfig(env);
  if (!config) return 2;
  if (!config.token) {
    process.stderr.write(`briefing-bot: ${NO_TOKEN}\n`);
    return 2;
  }
  const guildId = guild ?? config.guildId;
  if (guildId !== undefined && !/^\d{17,20}$/.test(guildId)) {
    process.stderr.write(
      `briefing-bot: --guild must be a Discord server id (17-20 digits), got "${guildId}"\n`,
    );
    return 2;
  }
  try {
    const result = await registerCommands({
      token: config.token,
      apiBase: config.apiBase,
      applicationId: config.applicationId,
      guildId,
    });
    process.stdout.write(`Registered ${result.count} commands (${result.scope}).\n`);
    if (!guildId) process.stdout.write('Global commands can take up to an hour to appear in every server.\n');
    return 0;
  } catch (error) {
    process.stderr.write(`briefing-bot: registration failed: ${describe(error)}\n`);
    return 1;
  }
}

function readConfig(env: NodeJS.ProcessEnv): DiscordConfig | undefined {
  try {
    return readDiscordEnv(env);
  } catch (error) {
    process.stderr.write(`briefing-bot: ${(error as Error).message}\n`);
    return undefined;
  }
}

/** An error as one line for people; discord.js puts no token in messages, but mask one just in case. */
function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/[\w-]{24,}\.[\w-]{6}\.[\w-]{27,}/g, '[token]');
}
