import type { Clock } from '../../core/clock.ts';

export interface ThrottleOptions {
  clock: Clock;
  /** Least time between two edits. */
  intervalMs: number;
  /** Shows the latest text (an editReply); failures are the caller's to log. */
  edit: (text: string) => Promise<void>;
  /** Timers are the transport's, injectable so tests need not wait. */
  setTimer?: (run: () => void, ms: number) => () => void;
}

/**
 * Turns a stream of partial texts into edits at most once per interval: the first text shows at
 * once, later ones coalesce and the newest shows when the interval has passed. `finish()` cancels
 * what is pending and waits for an edit in flight, so the final reply is never overwritten by a preview.
 */
export class ThrottledEditor {
  private lastEditAt = Number.NEGATIVE_INFINITY;
  private pending: string | undefined;
  private cancelTimer: (() => void) | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private finished = false;
  /** Number of edits made, for tests and logs. */
  edits = 0;

  constructor(private readonly options: ThrottleOptions) {}

  /** Records the newest text; edits now or schedules one. */
  push(text: string): void {
    if (this.finished) return;
    this.pending = text;
    if (this.cancelTimer) return;
    const wait = this.lastEditAt + this.options.intervalMs - this.options.clock.now().getTime();
    if (wait <= 0) {
      this.flush();
      return;
    }
    const setTimer = this.options.setTimer ?? defaultTimer;
    this.cancelTimer = setTimer(() => {
      this.cancelTimer = undefined;
      this.flush();
    }, wait);
  }

  /** Stops editing; resolves when no preview edit is in flight. */
  async finish(): Promise<void> {
    this.finished = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    await this.inFlight;
  }

  private flush(): void {
    const text = this.pending;
    if (text === undefined || this.finished) return;
    this.pending = undefined;
    this.lastEditAt = this.options.clock.now().getTime();
    this.edits += 1;
    // Edits run one after another so an older preview never lands after a newer one.
    this.inFlight = this.inFlight.then(() => this.options.edit(text)).catch(() => {});
  }
}

function defaultTimer(run: () => void, ms: number): () => void {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
}
