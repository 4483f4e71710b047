import type { IngestTally } from './ingest-tally.ts';

export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

/**
 * Progress of a bulk ingest on standard error: a bar redrawn in place on a terminal (at most ten
 * times a second), else a plain line every tenth of the work, so logs stay readable.
 */
export class Progress {
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly sink: ProgressSink,
    private readonly total: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  update(tally: IngestTally): void {
    if (this.total === 0) return;
    if (this.sink.isTTY) {
      const t = this.now();
      if (tally.done < this.total && t - this.lastDraw < 100) return;
      this.lastDraw = t;
      this.drawn = true;
      this.sink.write(`\r\x1b[K${this.bar(tally)}`);
      return;
    }
    const step = Math.max(1, Math.ceil(this.total / 10));
    if (tally.done % step === 0 || tally.done === this.total) {
      this.sink.write(
        `ingest: ${tally.done}/${this.total} (${tally.count('added')} added, ${tally.count('rejected')} rejected)\n`,
      );
    }
  }

  /** Leaves the terminal on a fresh line. */
  finish(): void {
    if (this.drawn) this.sink.write('\n');
  }

  private bar(tally: IngestTally): string {
    const width = Math.max(10, Math.min(40, (this.sink.columns ?? 80) - 50));
    const filled = Math.round((tally.done / this.total) * width);
    const pct = Math.floor((tally.done / this.total) * 100);
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct}% ${tally.done}/${this.total} · ${tally.count('added')} added · ${tally.count('rejected')} rejected`;
  }
}
