import { existsSync } from 'node:fs';
import type { Services } from '../briefing/services.ts';
import type { TenantId } from '../core/types.ts';
import { collectFiles } from '../transports/shell/local-files.ts';
import { ingestPaths } from './ingest-paths.ts';
import type { IngestSink } from './ingest-sink.ts';
import { IngestTally } from './ingest-tally.ts';
import { ingestUrls, isLinkArgument, readUrlList } from './ingest-urls.ts';
import { Progress, type ProgressSink } from './progress.ts';

const isJsonlPath = (path: string): boolean => /\.jsonl$/i.test(path);

export interface IngestRunInput {
  /** Files, folders, `.jsonl` files and http(s) links, as given on the command line. */
  inputs: readonly string[];
  /** Files listing one link a line (`--urls`). */
  urlFiles: readonly string[];
}

/**
 * A bulk ingest: files and folders, then JSONL files, then links, each item reported on its own
 * line, with progress on standard error. Each article is stored in its own transaction and
 * duplicates (same content, same URL) are recognised, so a run stopped with Ctrl-C can simply be
 * run again.
 */
export async function runIngest(
  services: Services,
  tenant: TenantId,
  input: IngestRunInput,
  out: { line(text: string): void; progress: ProgressSink },
  shouldStop: () => boolean = () => false,
): Promise<IngestTally> {
  const tally = new IngestTally();
  const links = input.inputs.filter(isLinkArgument);
  const jsonl = input.inputs.filter((i) => !isLinkArgument(i) && isJsonlPath(i));
  const paths = input.inputs.filter((i) => !isLinkArgument(i) && !isJsonlPath(i));
  const early: string[] = [];
  for (const file of input.urlFiles) {
    try {
      links.push(...readUrlList(file));
    } catch {
      early.push(`-\trejected\t${file}: the URL list cannot be read`);
    }
  }
  const present = jsonl.filter((f) => existsSync(f));
  // The JSONL reader (and its schema library) is loaded only by runs that have JSONL files.
  const reader = present.length > 0 ? await import('./ingest-jsonl.ts') : undefined;
  let total = early.length + links.length + (jsonl.length - present.length) + countFiles(paths);
  for (const f of present) total += (await reader?.countLines(f)) ?? 0;

  const progress = new Progress(out.progress, total);
  const sink: IngestSink = {
    line: out.line,
    outcome: (status, code) => {
      tally.record(status, code);
      progress.update(tally);
    },
    stopped: shouldStop,
  };
  for (const line of early) {
    out.line(line);
    sink.outcome('rejected', 'not-found');
  }
  if (paths.length > 0) {
    const summary = await ingestPaths(services, tenant, paths, out.line, sink.outcome, shouldStop);
    // A database that cannot be used stops the whole run: links and JSONL would fail the same way.
    if (summary.fault) {
      progress.finish();
      tally.fault = summary.fault;
      tally.notAttempted = summary.notAttempted;
      return tally;
    }
  }
  for (const f of jsonl) {
    if (shouldStop()) break;
    if (!present.includes(f)) {
      out.line(`-\trejected\t${f}: no such file or folder`);
      sink.outcome('rejected', 'not-found');
      continue;
    }
    await reader?.ingestJsonl(services, tenant, f, sink);
  }
  await ingestUrls(services, tenant, links, sink);
  progress.finish();
  return tally;
}

/** Outcome lines the paths will give (files, missing paths, unreadable folders), the walk itself dropped. */
function countFiles(paths: string[]): number {
  if (paths.length === 0) return 0;
  const walked = collectFiles(paths);
  return walked.files.length + walked.missing.length + walked.unreadable.length;
}
