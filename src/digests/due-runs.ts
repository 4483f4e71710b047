/**
 * What a digest schedule has due at a given moment: the catch-up rules after downtime. Pure; the
 * digest job asks the store for candidates, calls {@link planDue} for each and records the plan.
 *
 * - Only the LATEST missed due time may still be posted, once, late, if `now − due ≤ grace`
 *   (default 3 h); it is by construction before the next one is due. Older missed due times are
 *   recorded as skipped, newest first and at most `maxSkipped` per call, so a long outage never
 *   turns into a burst of stale digests or an unbounded loop.
 * - Due times before `activeFrom` (creation, the last resume, the last change of time or zone) are
 *   never due: paused days are not caught up.
 * - One run per local date: a due time whose key is not after the last recorded run's key is done.
 * - A digest covers `[windowStart, due)`: since the previous due time, or 24 h for the first run,
 *   so consecutive digests partition time and an article posted late is in the next one.
 */
import { type DueTime, nextDueAfter, previousDueAtOrBefore, type ScheduleTiming } from './schedule-time.ts';

export const HOUR_MS = 3_600_000;
/** How late a missed digest may still be posted. */
export const DEFAULT_GRACE_MS = 3 * HOUR_MS;
/** At most this many skipped records per schedule per call. */
export const DEFAULT_MAX_SKIPPED = 7;
const FIRST_WINDOW_MS = 24 * HOUR_MS;

/** The schedule as the rules see it. */
export interface ScheduleState extends ScheduleTiming {
  /** Due times before this instant are never run (creation, last resume, last change of timing). */
  activeFrom: Date;
  paused: boolean;
  disabled: boolean;
}

/** The key of the latest recorded run of a schedule (any state). */
export interface LastRunKey {
  localDate: string;
  dueAt: Date;
}

/** A due time with the window of articles its digest covers: `[windowStart, at)`. */
export interface PlannedRun extends DueTime {
  windowStart: Date;
}

export interface DuePlan {
  /** The one digest to post now, if any; `lateMs` is how long after its due time `now` is. */
  post?: (PlannedRun & { lateMs: number }) | undefined;
  /** Missed due times to record as skipped, oldest first (≤ maxSkipped). */
  skip: PlannedRun[];
  /** The next due time once this plan is recorded; undefined when paused or disabled. */
  nextDue?: DueTime | undefined;
}

export interface DuePlanInput {
  schedule: ScheduleState;
  lastRun?: LastRunKey | undefined;
  now: Date;
  /** Default {@link DEFAULT_GRACE_MS}. */
  graceMs?: number | undefined;
  /** Default {@link DEFAULT_MAX_SKIPPED}. */
  maxSkipped?: number | undefined;
}

/** Decides what is due for one schedule at `now`. */
export function planDue(input: DuePlanInput): DuePlan {
  const { schedule, lastRun, now } = input;
  if (schedule.paused || schedule.disabled) return { skip: [] };
  const graceMs = Math.max(0, input.graceMs ?? DEFAULT_GRACE_MS);
  const maxSkipped = Math.max(0, Math.floor(input.maxSkipped ?? DEFAULT_MAX_SKIPPED));
  const eligible = (due: DueTime) =>
    due.at.getTime() >= schedule.activeFrom.getTime() &&
    (lastRun === undefined || due.localDate > lastRun.localDate);

  // Newest first; one more than may be skipped, because the newest may be posted instead.
  const missed: DueTime[] = [];
  let cursor = previousDueAtOrBefore(schedule, now);
  while (missed.length <= maxSkipped && eligible(cursor)) {
    missed.push(cursor);
    cursor = previousDueAtOrBefore(schedule, new Date(cursor.at.getTime() - 1));
  }
  const newest = missed[0];
  if (newest === undefined) return { skip: [], nextDue: nextEligibleDue(schedule, lastRun) };

  const lateMs = now.getTime() - newest.at.getTime();
  const postNewest = lateMs <= graceMs;
  const skipped = (postNewest ? missed.slice(1) : missed).slice(0, maxSkipped).reverse();
  const windowed = (due: DueTime): PlannedRun => ({ ...due, windowStart: windowStartOf(schedule, due) });
  const firstEver = lastRun === undefined && skipped.length === 0;
  return {
    post: postNewest
      ? {
          ...newest,
          windowStart: firstEver
            ? new Date(newest.at.getTime() - FIRST_WINDOW_MS)
            : windowStartOf(schedule, newest),
          lateMs,
        }
      : undefined,
    skip: skipped.map(windowed),
    nextDue: nextEligibleDue(schedule, { localDate: newest.localDate, dueAt: newest.at }),
  };
}

/**
 * The first due time that may still run: at or after `activeFrom`, with a key after the last
 * recorded run's; undefined when paused or disabled. The store keeps it as the schedule's
 * `next_due_at`, so a tick only looks at schedules whose time has come.
 */
export function nextEligibleDue(schedule: ScheduleState, lastRun?: LastRunKey): DueTime | undefined {
  if (schedule.paused || schedule.disabled) return undefined;
  let from = schedule.activeFrom.getTime() - 1;
  if (lastRun !== undefined) from = Math.max(from, lastRun.dueAt.getTime());
  let due = nextDueAfter(schedule, new Date(from));
  // Only after a change of time or zone can the next due time share (or precede) the last run's date.
  for (let i = 0; lastRun !== undefined && due.localDate <= lastRun.localDate && i < 4; i++) {
    due = nextDueAfter(schedule, due.at);
  }
  return due;
}

/** The start of the window of articles a digest due at `due` covers: the previous due time. */
export function windowStartOf(timing: ScheduleTiming, due: DueTime): Date {
  return previousDueAtOrBefore(timing, new Date(due.at.getTime() - 1)).at;
}

/** What to do with a run re-claimed after its owner's lease expired (the owner likely died). */
export type RecoveryAction =
  /** It never reached `posting`: nothing was sent, post it (still within grace). */
  | 'post'
  /** It never reached `posting` and grace has passed: record it skipped. */
  | 'skip'
  /**
   * It may have been sent: look for its own post (Publisher.findPost, after the claim time) and
   * adopt it; when not found, post again with the same run id (nonce); when the transport cannot
   * look, record `unknown` rather than risk a second post.
   */
  | 'find-then-post'
  /** It may have been sent and grace has passed: adopt it if found, else record `unknown`. */
  | 'find-or-unknown';

/** Chooses the recovery for a re-claimed run from the state its previous owner left it in. */
export function recoveryAction(
  previousState: 'claimed' | 'posting',
  dueAt: Date,
  now: Date,
  graceMs: number = DEFAULT_GRACE_MS,
): RecoveryAction {
  const withinGrace = now.getTime() - dueAt.getTime() <= graceMs;
  if (previousState === 'claimed') return withinGrace ? 'post' : 'skip';
  return withinGrace ? 'find-then-post' : 'find-or-unknown';
}
