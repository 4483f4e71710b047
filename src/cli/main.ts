import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AppOptions } from '../app.ts';
import { storeFault } from '../commands/messages.ts';
import type { EnvConfig } from '../config.ts';
import { readEnv } from '../config.ts';
import { StoreError } from '../core/errors.ts';
import { prepareDataDir } from './data-dir.ts';
import { EXIT_STORE_FAULT } from './exit-codes.ts';

const USAGE = `Usage:
  briefing-bot shell  [--data-dir DIR] [--guild NAME] [--demo]   interactive terminal chat
  briefing-bot ingest [--data-dir DIR] [--guild NAME] [--urls FILE] PATH|URL...
                                                                 store files, folders, .jsonl files and links
  briefing-bot digest run-due [--data-dir DIR]                   post the terminal's due digests once, then exit
  briefing-bot discord [--data-dir DIR]                          run on Discord (needs DISCORD_TOKEN)
  briefing-bot discord --shards N [--shard I]                    run shard I of N; without --shard, all N
                                                                 as processes on this machine
  briefing-bot migrate [--data-dir DIR]                          bring the database schema up to date, then exit
                                                                 (PostgreSQL when DATABASE_URL is set)
  briefing-bot register-commands [--guild ID]                    register the slash commands on Discord

Options:
  --data-dir DIR   where the database lives (default: $BRIEFING_DATA_DIR, else ./data)
  --guild NAME     the tenant: one Discord server, or a name of your choosing (default: local)
  --demo           on first run, ingest the bundled example articles (npm start does this)
  --urls FILE      (ingest) also fetch every link listed in FILE, one a line
  --shards N       (discord) how many shards the bot has in all
  --shard I        (discord) the one shard this process runs, 0 to N-1
  -h, --help       this help`;

const GUILD_NAME = /^[\w.-]{1,64}$/;

/** Entry point of bin/briefing-bot; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(`briefing-bot: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...paths] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const env = readEnv(process.env);
  if (command === 'register-commands') {
    // discord.js is loaded only for the Discord commands: the terminal should not pay for it.
    const { runRegisterCommands } = await import('./discord-commands.ts');
    return runRegisterCommands(values.guild, process.env);
  }
  const guild = values.guild ?? 'local';
  if (!GUILD_NAME.test(guild)) {
    process.stderr.write(
      `briefing-bot: --guild must be 1-64 letters, digits, ".", "_" or "-" (got "${guild}")\n`,
    );
    return 2;
  }
  if (command === 'ingest' && paths.length === 0 && !values.urls?.length) {
    process.stderr.write('briefing-bot: ingest needs at least one file or folder, a link, or --urls FILE\n');
    return 2;
  }
  if (command !== 'discord' && (values.shard !== undefined || values.shards !== undefined)) {
    process.stderr.write(`briefing-bot: --shard and --shards are options of "discord" only\n`);
    return 2;
  }
  if (!['shell', 'ingest', 'digest', 'discord', 'migrate'].includes(command)) {
    process.stderr.write(`briefing-bot: unknown command "${command}"\n\n${USAGE}\n`);
    return 2;
  }
  const prepared = prepareDataDir(values['data-dir'], env.BRIEFING_DATA_DIR);
  if (!prepared.ok) {
    process.stderr.write(`briefing-bot: ${prepared.message}\n`);
    return prepared.code === 'empty' ? 2 : EXIT_STORE_FAULT;
  }
  const dataDir = prepared.value;
  // A reader that stops early (`| head`) closes the pipe: stop writing and end quietly, no EPIPE trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.stdin.destroy();
  });
  try {
    return await run(
      command,
      appOptions(env, dataDir),
      guild,
      paths,
      values.demo ?? false,
      values.urls ?? [],
      { shard: values.shard, shards: values.shards },
    );
  } catch (error) {
    if (!(error instanceof StoreError) || error.kind === 'internal') throw error;
    process.stderr.write(
      `briefing-bot: ${storeFault(error.kind, error.path ?? join(dataDir, 'briefing.db'))}\n`,
    );
    return EXIT_STORE_FAULT;
  }
}

async function run(
  command: string,
  options: AppOptions,
  guild: string,
  paths: string[],
  demo: boolean,
  urlFiles: string[],
  shards: { shard?: string | undefined; shards?: string | undefined },
): Promise<number> {
  const dataDir = options.dataDir;
  switch (command) {
    // Each command loads what it needs only when it runs: start-up is paid by every process.
    case 'shell':
      return (await import('./terminal.ts')).shell({ ...options, dataDir }, guild, demo);
    case 'ingest':
      return (await import('./ingest-command.ts')).ingest(options, guild, paths, urlFiles);
    case 'digest':
      if (paths[0] !== 'run-due') {
        process.stderr.write('briefing-bot: digest takes one verb: run-due\n');
        return 2;
      }
      return (await import('./terminal.ts')).runDueDigests(options);
    case 'migrate':
      return migrateDatabase(options);
    default:
      return (await import('./discord-commands.ts')).runDiscord(options, process.env, shards);
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      guild: { type: 'string' },
      demo: { type: 'boolean' },
      urls: { type: 'string', multiple: true },
      shard: { type: 'string' },
      shards: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** What the composition root needs from the validated environment. */
function appOptions(env: EnvConfig, dataDir: string): AppOptions {
  return {
    dataDir,
    logLevel: env.BRIEFING_LOG_LEVEL,
    llm: env.llm,
    redisUrl: env.REDIS_URL,
    redisPrefix: env.BRIEFING_REDIS_PREFIX,
    databaseUrl: env.DATABASE_URL,
    databaseSchema: env.BRIEFING_DATABASE_SCHEMA,
    cacheTtlMs: env.BRIEFING_CACHE_TTL_DAYS * 86_400_000,
    prices: env.prices,
    fetchAllow: env.fetchAllow,
    digestGraceMs: env.BRIEFING_DIGEST_GRACE_MINUTES * 60_000,
    tickMs: env.BRIEFING_TICK_MS,
    digestLeaseMs: env.BRIEFING_DIGEST_LEASE_MS,
  };
}

/** Opening the backend migrates it (under an advisory lock on PostgreSQL); this reports where it stands. */
async function migrateDatabase(options: AppOptions): Promise<number> {
  const { openApp } = await import('../app.ts');
  const app = await openApp(options);
  try {
    const where = options.databaseUrl ? 'PostgreSQL' : join(options.dataDir, 'briefing.db');
    process.stdout.write(`briefing-bot: the database (${where}) is at the latest schema\n`);
    return 0;
  } finally {
    await app.close();
  }
}
