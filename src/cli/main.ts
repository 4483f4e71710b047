import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type App, type AppOptions, openApp } from '../app.ts';
import type { Services } from '../briefing/services.ts';
import { withPublisher } from '../briefing/services.ts';
import { Dispatcher } from '../commands/dispatcher.ts';
import { storeFault } from '../commands/messages.ts';
import type { Caller } from '../commands/preconditions.ts';
import { COMMANDS } from '../commands/registry.ts';
import type { EnvConfig } from '../config.ts';
import { readEnv } from '../config.ts';
import { StoreError } from '../core/errors.ts';
import { TERMINAL_CHANNEL_ID } from '../core/publisher.ts';
import { Scheduler } from '../core/scheduler.ts';
import { DigestJob } from '../digests/digest-job.ts';
import type { DigestSchedule } from '../digests/digest-store.ts';
import { feedJobs } from '../feeds/feed-jobs.ts';
import { startTicker } from '../transports/schedule/ticker.ts';
import { runShell } from '../transports/shell/shell.ts';
import { ShellPublisher } from '../transports/shell/shell-publisher.ts';
import { prepareDataDir } from './data-dir.ts';
import { ingestPaths } from './ingest-paths.ts';
import { runIngest } from './ingest-run.ts';

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

/** Exit code when the data dir or database cannot be used (damaged, read-only, full, no permission). */
const EXIT_STORE_FAULT = 3;

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
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
    case 'shell':
      return shell({ ...options, dataDir }, guild, demo);
    case 'ingest':
      return ingest(options, guild, paths, urlFiles);
    case 'digest':
      if (paths[0] !== 'run-due') {
        process.stderr.write('briefing-bot: digest takes one verb: run-due\n');
        return 2;
      }
      return runDueDigests(options);
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

async function ingest(
  options: AppOptions,
  guild: string,
  inputs: string[],
  urlFiles: string[],
): Promise<number> {
  const app = await openApp(options);
  // Ctrl-C finishes the article in hand and stops; a second Ctrl-C quits at once.
  let interrupted = false;
  const onInterrupt = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write('\nbriefing-bot: stopping after the current item (Ctrl-C again to quit now)\n');
  };
  process.on('SIGINT', onInterrupt);
  try {
    const tally = await runIngest(
      app.services,
      guild,
      { inputs, urlFiles },
      { line: (line) => process.stdout.write(`${line}\n`), progress: process.stderr },
      () => interrupted,
    );
    process.stderr.write(`${tally.summary()}${interrupted ? ' (interrupted; run again to continue)' : ''}\n`);
    if (tally.fault) {
      const file = tally.fault.path ?? join(options.dataDir, 'briefing.db');
      process.stderr.write(`briefing-bot: ${storeFault(tally.fault.kind, file)}\n`);
      return EXIT_STORE_FAULT;
    }
    if (interrupted) return 130;
    return tally.count('rejected') > 0 || tally.count('added') + tally.count('duplicate') === 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', onInterrupt);
    await app.close();
  }
}

async function shell(options: AppOptions, guild: string, demo: boolean): Promise<number> {
  const { dataDir } = options;
  const app = await openApp(options);
  try {
    if (demo) await ingestDemoOnce(app, dataDir, guild);
    const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
    const historyFile = join(dataDir, `.shell-history-${guild}`);
    // The terminal's user runs the bot: they manage their own tenant, and nothing is rate-limited.
    const conversationId = `shell:${guild}`;
    const caller: Caller = { tenant: guild, userId: 'terminal', conversationId, canManage: true };
    const publisher = new ShellPublisher(process.stdout, conversationId);
    const services = withPublisher(app.services, publisher);
    const dispatcher = new Dispatcher({ commands: COMMANDS, services });
    // An interactive shell posts its due digests into the terminal; scripts use `digest run-due`.
    const scheduler = terminalScheduler(services, dispatcher, publisher, (s) => s.tenant === guild, options);
    const ticker = interactive ? startTicker(scheduler, services.clock, options.tickMs) : undefined;
    const count = await app.services.store.countArticles(guild);
    await runShell({
      input: process.stdin,
      output: process.stdout,
      dispatcher,
      caller,
      interactive,
      history: interactive ? readHistory(historyFile) : undefined,
      onHistory: (h) => writeFileSync(historyFile, h.slice(0, 500).join('\n')),
      banner: `briefing-bot: ${count} article${count === 1 ? '' : 's'} in "${guild}" (${dataDir}). Type /help, or ask a question. Ctrl-D to quit.`,
    });
    await ticker?.stop();
    return 0;
  } finally {
    await app.close();
  }
}

/** Opening the backend migrates it (under an advisory lock on PostgreSQL); this reports where it stands. */
async function migrateDatabase(options: AppOptions): Promise<number> {
  const app = await openApp(options);
  try {
    const where = options.databaseUrl ? 'PostgreSQL' : join(options.dataDir, 'briefing.db');
    process.stdout.write(`briefing-bot: the database (${where}) is at the latest schema\n`);
    return 0;
  } finally {
    await app.close();
  }
}

/** Posts every due digest of the terminal (any --guild) once, printing each; for cron and timers. */
async function runDueDigests(options: AppOptions): Promise<number> {
  const app = await openApp(options);
  try {
    const publisher = new ShellPublisher(process.stdout, 'digest-run-due');
    const services = withPublisher(app.services, publisher);
    const dispatcher = new Dispatcher({ commands: COMMANDS, services });
    const report = await terminalScheduler(services, dispatcher, publisher, () => true, options).tick(
      services.clock.now(),
    );
    const failed = Object.keys(report.failed).length > 0;
    process.stderr.write(
      `${report.handled.digests ?? 0} digest run(s) handled${failed ? ' (with errors, see the log)' : ''}\n`,
    );
    return failed ? 1 : 0;
  } finally {
    await app.close();
  }
}

/** The scheduler of a terminal process: digests of terminal schedules, posted by the shell publisher. */
function terminalScheduler(
  services: Services,
  dispatcher: Dispatcher,
  publisher: ShellPublisher,
  tenantFilter: (schedule: DigestSchedule) => boolean,
  options: Pick<AppOptions, 'digestGraceMs' | 'digestLeaseMs'> & { feeds?: boolean },
): Scheduler {
  const job = new DigestJob({
    digests: services.digests,
    dispatcher,
    publisher,
    logger: services.logger,
    graceMs: options.digestGraceMs,
    leaseMs: options.digestLeaseMs,
    serves: (schedule) => schedule.channelId === TERMINAL_CHANNEL_ID && tenantFilter(schedule),
  });
  return new Scheduler([job, ...(options.feeds ? feedJobs(services) : [])], services.logger);
}

/** Loads the bundled examples the first time a data dir is used, so `npm start` has something to brief on. */
async function ingestDemoOnce(app: App, dataDir: string, guild: string): Promise<void> {
  const marker = join(dataDir, `.demo-loaded-${guild}`);
  if (existsSync(marker)) return;
  await ingestPaths(app.services, guild, [join(REPO_ROOT, 'examples')], () => {});
  writeFileSync(marker, 'The demo articles were ingested once; delete this file to ingest them again.\n');
}

function readHistory(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}
