import type { StoreError } from '../core/errors.ts';

/** Counts of a bulk ingest, by outcome and, for rejections, by reason code. */
export class IngestTally {
  readonly byStatus = new Map<string, number>();
  readonly rejectedBy = new Map<string, number>();
  done = 0;
  /** Set when the database became unusable (damaged, read-only, full): the run stopped there. */
  fault?: StoreError | undefined;
  /** Files not attempted because of that fault. */
  notAttempted = 0;

  record(status: string, code?: string): void {
    this.done++;
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    if (status === 'rejected')
      this.rejectedBy.set(code ?? 'other', (this.rejectedBy.get(code ?? 'other') ?? 0) + 1);
  }

  count(status: string): number {
    return this.byStatus.get(status) ?? 0;
  }

  /** `3 added, 1 duplicate, 0 near-duplicate, 2 rejected (not-found 1, too-short 1)`. */
  summary(): string {
    const reasons = [...this.rejectedBy].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const rejected = this.count('rejected');
    const detail = rejected > 0 ? ` (${reasons.map(([code, n]) => `${code} ${n}`).join(', ')})` : '';
    const counts = `${this.count('added')} added, ${this.count('duplicate')} duplicate, ${this.count('near-duplicate')} near-duplicate, ${rejected} rejected${detail}`;
    return this.fault ? `${counts}; stopped, ${this.notAttempted} files not attempted` : counts;
  }
}
