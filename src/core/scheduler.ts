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

/** Where the scheduler's faults go; a subset of the Logger port. */
interface SchedulerLogger {
  error(obj: object, msg?: string): void;
}

/**
 * Runs every due job once per tick. Ticks never overlap: a tick asked for while one is running
 * returns that tick's report, so a slow job delays the next tick instead of piling up. A job's
 * fault is logged and reported; the other jobs still run.
 */
export class Scheduler {
  private running: Promise<TickReport> | undefined;

  constructor(
    private readonly jobs: readonly DueJob[],
    private readonly logger: SchedulerLogger,
  ) {}

  /** Runs what is due at `now` (the caller's clock), or joins the tick in progress. */
  tick(now: Date): Promise<TickReport> {
    this.running ??= this.runJobs(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runJobs(now: Date): Promise<TickReport> {
    const report: TickReport = { at: now, handled: {}, failed: {} };
    for (const job of this.jobs) {
      try {
        report.handled[job.name] = await job.runDue(now);
      } catch (error) {
        report.failed[job.name] = error instanceof Error ? error.message : String(error);
        this.logger.error({ err: error, job: job.name }, 'scheduled job failed');
      }
    }
    return report;
  }
}
