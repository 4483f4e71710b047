import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A long bulk ingest lets V8 grow its heap lazily well past what it holds (about 100 MB more after a
 * few thousand files, with nothing leaked); a full collection when the process passes this size
 * keeps ingest within its memory budget, at the cost of a collection every few batches of files while above it.
 * Set for the compiled build (bin/briefing-bot), which starts about 30 MB smaller than the sources
 * run through tsx: on 6,000 files, 160 MB peaked at 174 MiB and 130 MB at 161 MiB for 2% more CPU;
 * 110 MB peaked no lower (165 MiB) and cost 9–11% more CPU.
 */
const RSS_LIMIT = 130 * 1024 * 1024;

/** Calls between two collections: one per batch of 32 files cost a fifth more CPU for little less memory. */
const EVERY = 8;

let collect: (() => void) | undefined;
let calls = 0;

/** Runs a full garbage collection, now and then, while the process's resident memory is above the limit. */
export function capMemory(): void {
  if (process.memoryUsage.rss() < RSS_LIMIT || calls++ % EVERY !== 0) return;
  if (!collect) {
    // gc() is only exposed with --expose-gc; set at run time, it is reachable from a new context.
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}
