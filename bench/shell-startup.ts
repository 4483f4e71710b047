import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { percentile } from './datasets.ts';

const BIN = resolve(import.meta.dirname, '../bin/briefing-bot');

export interface StartupResult {
  runs: number;
  /** Launch to exit with one command answered: what a user waits for before the first reply. */
  firstReplyMedianMs: number;
  firstReplyP95Ms: number;
  /** Launch to exit with no input: process start, loading the code, opening the store. */
  emptyMedianMs: number;
}

/** Times the shell from process launch to exit, on a data dir already holding the demo article. */
export function runShellStartupBench(runs = 10): StartupResult {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-startup-'));
  const run = (input: string) => {
    const t = performance.now();
    const r = spawnSync(process.execPath, [BIN, 'shell', '--demo', '--data-dir', dir], {
      input,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`shell exited ${r.status}: ${r.stderr}`);
    return performance.now() - t;
  };
  try {
    run(''); // first run ingests the demo and warms tsx's transform cache
    const empty = Array.from({ length: runs }, () => run('')).sort((a, b) => a - b);
    const first = Array.from({ length: runs }, () => run('/ask Who is Valery Tsepkalo?\n')).sort(
      (a, b) => a - b,
    );
    return {
      runs,
      firstReplyMedianMs: Math.round(percentile(first, 50)),
      firstReplyP95Ms: Math.round(percentile(first, 95)),
      emptyMedianMs: Math.round(percentile(empty, 50)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(runShellStartupBench());
}
