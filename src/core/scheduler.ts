/**
 * Due work that runs without an incoming interaction (digests, feed polls). Core never owns
 * timers: whatever drives the scheduler (a timer in the running bot, `digest run-due` once, a
 * test with a FakeClock) calls `tick(now)`.
 */
export interface DueJob {
  /** Short name for logs and reports ("digests", "feeds"). */
  name: string;
  /** Does what is due at `now` (bounded work per call); returns how many items it handled. */
  runDue(now: Date): Promise<number>;
}

/** What one tick did, per job. */
export interface TickReport {
  at: Date;
  handled: Record<string, number>;
  failed: Record<string, string>;
}
