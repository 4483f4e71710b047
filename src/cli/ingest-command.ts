import { join } from 'node:path';
import { type AppOptions, openApp } from '../app.ts';
import { storeFault } from '../commands/messages.ts';
import { EXIT_STORE_FAULT } from './exit-codes.ts';
import { runIngest } from './ingest-run.ts';

/** `briefing-bot ingest`: stores files, folders, JSONL files and links, one line each; returns the exit code. */
export async function ingest(
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
