import type { Clock } from '../../core/clock.ts';
import type { Scheduler } from '../../core/scheduler.ts';

/** Drives a scheduler from a timer: the one place a running bot turns wall time into ticks. */
export interface Ticker {
  /** Stops ticking and waits for the tick in progress. */
  stop(): Promise<void>;
}

/** Ticks now, then every `intervalMs` (default 30 s), reading the time from the clock. */
export function startTicker(scheduler: Scheduler, clock: Clock, intervalMs = 30_000): Ticker {
  let current: Promise<unknown> = scheduler.tick(clock.now());
  const timer = setInterval(() => {
    current = scheduler.tick(clock.now());
  }, intervalMs);
  // A ticker alone must not keep a process alive that is otherwise done.
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await current.catch(() => {});
    },
  };
}
