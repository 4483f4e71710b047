import { type AppOptions, openApp } from '../app.ts';
import { onShutdownSignals, startDiscordBot } from '../transports/discord/client.ts';
import { type DiscordConfig, readDiscordEnv } from '../transports/discord/config.ts';
import { registerCommands } from '../transports/discord/register-commands.ts';

const NO_TOKEN =
  'DISCORD_TOKEN is not set. Create a bot at https://discord.com/developers/applications, copy its token, and run with DISCORD_TOKEN=... (see README, "Running on Discord").';

/** `briefing-bot discord`: logs in, registers commands, runs until SIGINT/SIGTERM. */
export async function runDiscord(options: AppOptions, env: NodeJS.ProcessEnv): Promise<number> {
  const config = readConfig(env);
  if (!config) return 2;
  if (!config.token) {
    process.stderr.write(`briefing-bot: ${NO_TOKEN}\n`);
    return 2;
  }
  const app = await openApp(options);
  let bot: Awaited<ReturnType<typeof startDiscordBot>>;
  try {
    bot = await startDiscordBot({
      services: app.services,
      config: { ...config, token: config.token },
      registerCommands: true,
      digestGraceMs: options.digestGraceMs,
      digestLeaseMs: options.digestLeaseMs,
      tickIntervalMs: options.tickMs,
    });
  } catch (error) {
    await app.close();
    process.stderr.write(`briefing-bot: could not connect to Discord: ${describe(error)}\n`);
    return 1;
  }
  process.stderr.write(
    `briefing-bot: connected to Discord as ${bot.client.user?.tag ?? 'the bot'} in ${bot.client.guilds.cache.size} server(s); commands registered ${config.guildId ? `to server ${config.guildId}` : 'globally'}. Ctrl-C to stop.\n`,
  );
  await new Promise<void>((resolve) => {
    const off = onShutdownSignals(async () => {
      off();
      process.stderr.write('briefing-bot: shutting down…\n');
      await bot.stop();
      await app.close();
      resolve();
    });
  });
  return 0;
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
