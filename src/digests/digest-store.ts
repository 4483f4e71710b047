/**
 * The DigestStore port: digest schedules per tenant and the runs that make each post happen
 * exactly once. SQLite implements it now (store/sqlite/sqlite-digest-store.ts); PostgreSQL will
 * implement the same port, so the rules below are the contract, not SQLite details:
 *
 * - A run is keyed by (schedule, local date of its resolved due instant). `claimRun` inserts it
 *   atomically (`INSERT … ON CONFLICT DO NOTHING`); exactly one caller wins, across processes.
 * - A claim holds a lease. A run still `claimed` or `posting` whose lease has expired may be
 *   re-claimed by one other caller (a conditional UPDATE); the re-claim bumps `attempt`, and every
 *   later transition is fenced on (run id, attempt), so a slow former owner cannot overwrite it.
 * - States: claimed → posting → posted | failed | unknown; claimed → skipped; missed due times are
 *   recorded directly as skipped. posted, failed, skipped and unknown are final.
 * - The store keeps each schedule's next due time (see due-runs.ts `nextEligibleDue`) so that
 *   `listDue` is one indexed query however many schedules sleep.
 */
import type { PublishedRef } from '../core/publisher.ts';
import type { TenantId } from '../core/types.ts';
import type { PlannedRun, ScheduleState } from './due-runs.ts';
import type { DigestDays } from './schedule-time.ts';

/**
 * The tenants a scheduler query is limited to, in the query itself: a process that serves only some
 * servers (a shard; a bot that has left servers whose schedules remain) must not get a batch
 * filled with schedules it will never claim, or its own wait behind them every tick.
 */
export interface TenantScope {
  tenants?: readonly TenantId[] | undefined;
}

export const DIGEST_LENGTHS = ['short', 'standard', 'long'] as const;
export type DigestLength = (typeof DIGEST_LENGTHS)[number];
export const WHEN_EMPTY_CHOICES = ['skip', 'post'] as const;
/** What an empty window does: post nothing (a skipped run) or one line. */
export type WhenEmpty = (typeof WHEN_EMPTY_CHOICES)[number];
/** Why a schedule stopped posting until someone fixes it and resumes it. */
export type DisableCode = 'CHANNEL_GONE' | 'MISSING_PERMISSIONS' | 'BAD_FORMAT';

/** What `/digest set` gives; time and zone as schedule-time.ts parses them. */
export interface DigestScheduleInput {
  channelId: string;
  /** `HH:MM`, 24-hour. */
  time: string;
  /** IANA zone name. */
  timezone: string;
  topic?: string | undefined;
  length: DigestLength;
  days: DigestDays;
  whenEmpty: WhenEmpty;
  /** User id of whoever set it. */
  createdBy: string;
}

export interface DigestSchedule extends DigestScheduleInput {
  id: string;
  tenant: TenantId;
  createdAt: Date;
  updatedAt: Date;
  /** Due times before this are never run: creation, the last resume, the last `/digest set`. */
  activeFrom: Date;
  pausedAt?: Date | undefined;
  disabled?: { code: DisableCode; at: Date; detail?: string | undefined } | undefined;
  /** The next due time the store expects; undefined while paused or disabled. */
  nextDueAt?: Date | undefined;
  /** The latest recorded run (the "last result"). */
  lastRun?: DigestRun | undefined;
}

export type RunState = 'claimed' | 'posting' | 'posted' | 'failed' | 'skipped' | 'unknown';
/** States whose owner may still be working (and whose lease can expire). */
export type OpenRunState = 'claimed' | 'posting';

export interface DigestRun {
  /** Short id (≤ 25 characters): the post's Discord nonce and marker. */
  id: string;
  scheduleId: string;
  tenant: TenantId;
  /** `YYYY-MM-DD`, with scheduleId the run's key. */
  localDate: string;
  dueAt: Date;
  /** The digest covers articles in [windowStart, dueAt). */
  windowStart: Date;
  state: RunState;
  /** First claim: a crash-recovery search looks for the post after this. */
  claimedAt: Date;
  /** Set while claimed or posting. */
  leaseUntil?: Date | undefined;
  /** 1 for the first claim, +1 per re-claim; transitions are fenced on it. */
  attempt: number;
  updatedAt: Date;
  /** Where the post landed (posted). */
  posted?: PublishedRef | undefined;
  /** Why it failed, was skipped or is unknown (a code or short text, not shown verbatim to users). */
  reason?: string | undefined;
}

export type ClaimOutcome =
  /** Yours. `reclaimedFrom` is set when a previous owner's lease expired in that state. */
  | { claimed: true; run: DigestRun; reclaimedFrom?: OpenRunState | undefined }
  /** Someone else holds a live lease on it, or it is already final. */
  | { claimed: false; reason: 'held' | 'finished'; run: DigestRun }
  /** The schedule is gone, paused, disabled or another tenant's. */
  | { claimed: false; reason: 'inactive' };

/** A schedule whose next due time has come, with its latest run (for planDue's lastRun). */
export interface DueCandidate {
  schedule: DigestSchedule;
  lastRun?: DigestRun | undefined;
}

export interface DigestStore {
  /** Adds a schedule, or updates (and re-activates) the tenant's one for the same channel and topic. */
  upsertSchedule(
    tenant: TenantId,
    input: DigestScheduleInput,
  ): Promise<{ schedule: DigestSchedule; created: boolean }>;
  /** The tenant's schedules, oldest first. */
  listSchedules(tenant: TenantId): Promise<DigestSchedule[]>;
  /** One of the tenant's schedules. */
  getSchedule(tenant: TenantId, id: string): Promise<DigestSchedule | undefined>;
  /** Deletes a schedule and its runs; false when the tenant has no such schedule. */
  removeSchedule(tenant: TenantId, id: string): Promise<boolean>;
  /** Stops posting until resumed; paused days are never caught up. */
  pauseSchedule(tenant: TenantId, id: string): Promise<DigestSchedule | undefined>;
  /** Clears a pause and a disabled reason; due times from now on count. */
  resumeSchedule(tenant: TenantId, id: string): Promise<DigestSchedule | undefined>;
  /** Stops posting because the destination refused for good (resume re-enables). */
  disableSchedule(
    tenant: TenantId,
    id: string,
    code: DisableCode,
    detail?: string,
  ): Promise<DigestSchedule | undefined>;

  /**
   * Schedules whose next due time is at or before `now`, soonest first (scheduler only): of every
   * tenant, or only of `scope.tenants`.
   */
  listDue(now: Date, limit: number, scope?: TenantScope): Promise<DueCandidate[]>;
  /**
   * Claimed or posting runs of active schedules whose lease expired by `now` (crash recovery): of
   * every tenant, or only of `scope.tenants`.
   */
  listExpiredClaims(
    now: Date,
    limit: number,
    scope?: TenantScope,
  ): Promise<{ schedule: DigestSchedule; run: DigestRun }[]>;

  /** Claims the run for (schedule, due.localDate) with a lease, or re-claims it if its lease expired. */
  claimRun(tenant: TenantId, scheduleId: string, due: PlannedRun, leaseMs: number): Promise<ClaimOutcome>;
  /** Records missed due times as skipped (existing keys untouched); returns how many were new. */
  recordSkipped(
    tenant: TenantId,
    scheduleId: string,
    runs: readonly PlannedRun[],
    reason: string,
  ): Promise<number>;
  /** Extends the lease of a run you hold (retries with backoff stay inside it); false if you lost it. */
  extendLease(run: DigestRun, leaseMs: number): Promise<boolean>;
  /** claimed|posting → posting, just before publishing; false if you lost the run. */
  markPosting(run: DigestRun): Promise<boolean>;
  /** claimed|posting → posted, with where it landed (also for an adopted post found after a crash). */
  markPosted(run: DigestRun, ref: PublishedRef): Promise<boolean>;
  /** claimed|posting → failed. */
  markFailed(run: DigestRun, reason: string): Promise<boolean>;
  /** claimed|posting → unknown: it may have been posted and nobody can tell. */
  markUnknown(run: DigestRun, reason: string): Promise<boolean>;
  /** claimed → skipped (an empty window with whenEmpty skip, or grace passed before posting). */
  markSkipped(run: DigestRun, reason: string): Promise<boolean>;
  /** One run of the tenant by id. */
  getRun(tenant: TenantId, runId: string): Promise<DigestRun | undefined>;
  /** The schedule's latest runs, newest first. */
  listRuns(tenant: TenantId, scheduleId: string, limit: number): Promise<DigestRun[]>;
}

/** The key under which a schedule is unique in its channel: no topic, or the topic ignoring case and spacing. */
export function topicKey(topic: string | undefined): string {
  return (topic ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The schedule as the due-time rules read it (planDue, nextEligibleDue). */
export function scheduleStateOf(schedule: DigestSchedule): ScheduleState {
  return {
    time: schedule.time,
    timezone: schedule.timezone,
    days: schedule.days,
    activeFrom: schedule.activeFrom,
    paused: schedule.pausedAt !== undefined,
    disabled: schedule.disabled !== undefined,
  };
}
