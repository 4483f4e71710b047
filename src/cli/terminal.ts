import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type App, type AppOptions, openApp } from '../app.ts';
import type { Services } from '../briefing/services.ts';
import { withPublisher } from '../briefing/services.ts';
import { Dispatcher } from '../commands/dispatcher.ts';
import type { Caller } from '../commands/preconditions.ts';
import { COMMANDS } from '../commands/registry.ts';
import { TERMINAL_CHANNEL_ID } from '../core/publisher.ts';
import { Scheduler } from '../core/scheduler.ts';
import { DigestJob } from '../digests/digest-job.ts';
import type { DigestSchedule } from '../digests/digest-store.ts';
import { feedJobs } from '../feeds/feed-jobs.ts';
import { startTicker } from '../transports/schedule/ticker.ts';
import { runShell } from '../transports/shell/shell.ts';
import { ShellPublisher } from '../transports/shell/shell-publisher.ts';
import { ingestPaths } from './ingest-paths.ts';

/*
 * The terminal's commands (the shell, digest run-due), apart from main.ts so that the commands,
 * the dispatcher and the scheduler are loaded only by the processes that answer people.
 */

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `briefing-bot shell`: the interactive terminal chat; returns the exit code. */
export async function shell(options: AppOptions, guild: string, demo: boolean): Promise<number> {
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

/** Posts every due digest of the terminal (any --guild) once, printing each; for cron and timers. */
export async function runDueDigests(options: AppOptions): Promise<number> {
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
