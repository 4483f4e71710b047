import { FakeClock } from '../../src/core/clock.ts';
import { type LastRunKey, nextEligibleDue, planDue, type ScheduleState } from '../../src/digests/due-runs.ts';

/** A run as the simulated job recorded it. */
export interface SimulatedRun {
  localDate: string;
  at: string;
  state: 'posted' | 'skipped';
  postedAt?: string;
  windowStart: string;
}

export interface SimulationOptions {
  schedule: ScheduleState;
  from: string;
  to: string;
  stepMs?: number;
  /** Half-open [start, end) intervals in which the process is not running. */
  down?: readonly (readonly [string, string])[];
  graceMs?: number;
}

/**
 * Drives the rules the way the digest job does: a FakeClock steps (a minute by default); at each step
 * a running process looks only at whether the stored next due time has come (the store's indexed
 * query), and if so asks planDue and records what it says.
 */
export function simulate(options: SimulationOptions): SimulatedRun[] {
  const clock = new FakeClock(new Date(options.from));
  const end = new Date(options.to).getTime();
  const step = options.stepMs ?? 60_000;
  const down = (options.down ?? []).map(([a, b]) => [Date.parse(a), Date.parse(b)] as const);
  const runs: SimulatedRun[] = [];
  let lastRun: LastRunKey | undefined;
  let nextDue = nextEligibleDue(options.schedule);
  for (; clock.now().getTime() <= end; clock.advance(step)) {
    const now = clock.now();
    const t = now.getTime();
    if (down.some(([a, b]) => t >= a && t < b)) continue;
    if (nextDue === undefined || nextDue.at.getTime() > t) continue;
    const plan = planDue({ schedule: options.schedule, lastRun, now, graceMs: options.graceMs });
    for (const s of plan.skip) {
      runs.push({
        localDate: s.localDate,
        at: s.at.toISOString(),
        state: 'skipped',
        windowStart: s.windowStart.toISOString(),
      });
    }
    if (plan.post) {
      runs.push({
        localDate: plan.post.localDate,
        at: plan.post.at.toISOString(),
        state: 'posted',
        postedAt: now.toISOString(),
        windowStart: plan.post.windowStart.toISOString(),
      });
    }
    const newest = plan.post ?? plan.skip.at(-1);
    if (newest) lastRun = { localDate: newest.localDate, dueAt: newest.at };
    nextDue = plan.nextDue;
  }
  return runs;
}

/** A schedule active from `activeFrom`, neither paused nor disabled. */
export function activeSchedule(
  time: string,
  timezone: string,
  activeFrom: string,
  days: 'daily' | 'weekdays' = 'daily',
): ScheduleState {
  return { time, timezone, days, activeFrom: new Date(activeFrom), paused: false, disabled: false };
}
