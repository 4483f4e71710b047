/**
 * Engine work waits its turn, so acknowledgements (cheap and due within Discord's 3 s) never queue
 * behind it on the event loop. Each job starts on `setImmediate`, after pending I/O (new
 * interactions, REST responses) has been handled, and at most `concurrency` run at once
 * (a whole number, at least 1: `new WorkQueue(0)` would otherwise never run anything).
 *
 * Known limit: one FIFO shared by every server, so a busy server (many briefings at once) delays
 * the engine work of the others; the per-user rate limit bounds how much one member can queue, but
 * there is no fairness across servers. Acknowledgements never wait here, only engine work does.
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  /** Jobs allowed to run at once, as clamped. */
  readonly concurrency: number;

  constructor(concurrency: number) {
    // NaN (a bad config value) falls back to 1; Infinity stays unbounded.
    this.concurrency = Number.isNaN(concurrency) ? 1 : Math.max(1, Math.floor(concurrency));
  }

  /** Runs the job when a slot is free; resolves or rejects with the job's outcome. */
  async run<T>(job: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await job();
    } finally {
      this.release();
    }
  }

  /** Jobs not yet started, for logs and tests. */
  get queued(): number {
    return this.waiting.length;
  }

  private acquire(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++;
      return new Promise((resolve) => setImmediate(resolve));
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next job, after I/O gets its turn.
    if (next) setImmediate(next);
    else this.running--;
  }
}
