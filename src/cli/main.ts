import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type App, type AppOptions, openApp } from '../app.ts';
import type { CommandContext } from '../commands/command.ts';
import { storeFault } from '../commands/messages.ts';
import type { EnvConfig } from '../config.ts';
import { readEnv } from '../config.ts';
import { StoreError } from '../core/errors.ts';
import { runShell } from '../transports/shell/shell.ts';
import { prepareDataDir } from './data-dir.ts';
import { ingestPaths, ingestSummaryLine } from './ingest-paths.ts';

const USAGE = `Usage:
  briefing-bot shell  [--data-dir DIR] [--guild NAME] [--demo]   interactive terminal chat
  briefing-bot ingest [--data-dir DIR] [--guild NAME] PATH...     store .txt/.md/.html files and folders
  briefing-bot discord [--data-dir DIR]                          run on Discord (needs DISCORD_TOKEN)
  briefing-bot register-commands [--guild ID]                    register the slash commands on Discord

Options:
  --data-dir DIR   where the database lives (default: $BRIEFING_DATA_DIR, else ./data)
  --guild NAME     the tenant: one Discord server, or a name of your choosing (default: local)
  --demo           on first run, ingest the bundled example articles (npm start does this)
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
  if (command === 'ingest' && paths.length === 0) {
    process.stderr.write('briefing-bot: ingest needs at least one file or folder\n');
    return 2;
  }
  if (!['shell', 'ingest', 'discord'].includes(command)) {
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
    return await run(command, appOptions(env, dataDir), guild, paths, values.demo ?? false);
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
): Promise<number> {
  const dataDir = options.dataDir;
  switch (command) {
    case 'shell':
      return shell({ ...options, dataDir }, guild, demo);
    case 'ingest':
      return ingest(options, guild, paths);
    default:
      return (await import('./discord-commands.ts')).runDiscord(options, process.env);
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
    cacheTtlMs: env.BRIEFING_CACHE_TTL_DAYS * 86_400_000,
    prices: env.prices,
  };
}

async function ingest(options: AppOptions, guild: string, paths: string[]): Promise<number> {
  const app = await openApp(options);
  try {
    const summary = await ingestPaths(app.services, guild, paths, (line) =>
      process.stdout.write(`${line}\n`),
    );
    process.stderr.write(`${ingestSummaryLine(summary)}\n`);
    if (summary.fault) {
      const file = summary.fault.path ?? join(options.dataDir, 'briefing.db');
      process.stderr.write(`briefing-bot: ${storeFault(summary.fault.kind, file)}\n`);
      return EXIT_STORE_FAULT;
    }
    return summary.rejected > 0 || summary.added + summary.duplicate === 0 ? 1 : 0;
  } finally {
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
    const context: CommandContext = {
      tenant: guild,
      userId: 'terminal',
      conversationId: `shell:${guild}`,
      canManage: true,
      services: app.services,
    };
    const count = await app.services.store.countArticles(guild);
    await runShell({
      input: process.stdin,
      output: process.stdout,
      context,
      interactive,
      history: interactive ? readHistory(historyFile) : undefined,
      onHistory: (h) => writeFileSync(historyFile, h.slice(0, 500).join('\n')),
      banner: `briefing-bot: ${count} article${count === 1 ? '' : 's'} in "${guild}" (${dataDir}). Type /help, or ask a question. Ctrl-D to quit.`,
    });
    return 0;
  } finally {
    await app.close();
  }
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
