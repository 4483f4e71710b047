import type { IngestOutcome } from '../briefing/ingest-article.ts';

/** Where a bulk ingest reports each item: one tab-separated line, and its outcome for the tally. */
export interface IngestSink {
  line(text: string): void;
  outcome(status: string, code?: string): void;
  /** True once the run was asked to stop (Ctrl-C): the current item finishes, no new one starts. */
  stopped(): boolean;
}

export function reportStored(sink: IngestSink, outcome: IngestOutcome): void {
  sink.outcome(outcome.status);
  sink.line(`#${outcome.article.id}\t${outcome.status}\t${outcome.article.title}`);
}

export function reportRejected(sink: IngestSink, label: string, reason: string, code: string): void {
  sink.outcome('rejected', code);
  sink.line(`-\trejected\t${label}: ${reason}`);
}
