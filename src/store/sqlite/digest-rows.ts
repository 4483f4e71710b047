import type { DigestRun, DigestSchedule, DisableCode, RunState } from '../../digests/digest-store.ts';

/** Run ids are `d` + base36 of the row id: short (a Discord nonce allows 25) and apart from other posts' ids. */
export function runIdOf(rowId: number): string {
  return `d${rowId.toString(36)}`;
}

/** The row id of a run id, or undefined when it is not one of ours. */
export function runRowIdOf(runId: string): number | undefined {
  if (!/^d[0-9a-z]{1,12}$/.test(runId)) return undefined;
  const n = Number.parseInt(runId.slice(1), 36);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Schedule ids are the decimal row id: short enough to type in `/digest pause id`. */
export function scheduleRowIdOf(id: string): number | undefined {
  if (!/^\d{1,15}$/.test(id.trim())) return undefined;
  return Number(id.trim());
}

/** Columns of digest_schedules, then of its latest run prefixed r_ (all NULL when it has none). */
export const SCHEDULE_COLUMNS = `
  s.id, s.tenant, s.channel_id, s.topic, s.time, s.timezone, s.days, s.length, s.when_empty, s.created_by,
  s.created_at, s.updated_at, s.active_from, s.paused_at, s.disabled_code, s.disabled_at, s.disabled_detail,
  s.next_due_at,
  r.id AS r_id, r.local_date AS r_local_date, r.due_at AS r_due_at, r.window_start AS r_window_start,
  r.state AS r_state, r.claimed_at AS r_claimed_at, r.lease_until AS r_lease_until, r.attempt AS r_attempt,
  r.updated_at AS r_updated_at, r.channel_id AS r_channel_id, r.message_id AS r_message_id,
  r.thread_id AS r_thread_id, r.reason AS r_reason`;

/** Joins each schedule to its latest run through the (schedule_id, local_date) key. */
export const LATEST_RUN_JOIN = `
  LEFT JOIN digest_runs r ON r.id = (
    SELECT id FROM digest_runs WHERE schedule_id = s.id ORDER BY local_date DESC LIMIT 1)`;

export const RUN_COLUMNS = `
  r.id AS r_id, r.schedule_id AS r_schedule_id, r.tenant AS r_tenant, r.local_date AS r_local_date,
  r.due_at AS r_due_at, r.window_start AS r_window_start, r.state AS r_state, r.claimed_at AS r_claimed_at,
  r.lease_until AS r_lease_until, r.attempt AS r_attempt, r.updated_at AS r_updated_at,
  r.channel_id AS r_channel_id, r.message_id AS r_message_id, r.thread_id AS r_thread_id, r.reason AS r_reason`;

/** An instant as a row holds it: epoch milliseconds on SQLite, a Date from PostgreSQL's timestamptz. */
export type Instant = number | Date;

export interface RunRow {
  r_id: number | null;
  r_schedule_id?: number;
  r_tenant?: string;
  r_local_date: string;
  r_due_at: Instant;
  r_window_start: Instant;
  r_state: RunState;
  r_claimed_at: Instant;
  r_lease_until: Instant | null;
  r_attempt: number;
  r_updated_at: Instant;
  r_channel_id: string | null;
  r_message_id: string | null;
  r_thread_id: string | null;
  r_reason: string | null;
}

export interface ScheduleRow extends RunRow {
  id: number;
  tenant: string;
  channel_id: string;
  topic: string | null;
  time: string;
  timezone: string;
  days: DigestSchedule['days'];
  length: DigestSchedule['length'];
  when_empty: DigestSchedule['whenEmpty'];
  created_by: string;
  created_at: Instant;
  updated_at: Instant;
  active_from: Instant;
  paused_at: Instant | null;
  disabled_code: DisableCode | null;
  disabled_at: Instant | null;
  disabled_detail: string | null;
  next_due_at: Instant | null;
}

export function toRun(row: RunRow, scheduleId: string, tenant: string): DigestRun | undefined {
  if (row.r_id === null) return undefined;
  return {
    id: runIdOf(row.r_id),
    scheduleId,
    tenant,
    localDate: row.r_local_date,
    dueAt: new Date(row.r_due_at),
    windowStart: new Date(row.r_window_start),
    state: row.r_state,
    claimedAt: new Date(row.r_claimed_at),
    leaseUntil: row.r_lease_until === null ? undefined : new Date(row.r_lease_until),
    attempt: row.r_attempt,
    updatedAt: new Date(row.r_updated_at),
    posted:
      row.r_message_id !== null && row.r_channel_id !== null
        ? {
            channelId: row.r_channel_id,
            messageId: row.r_message_id,
            threadId: row.r_thread_id ?? undefined,
          }
        : undefined,
    reason: row.r_reason ?? undefined,
  };
}

export function toSchedule(row: ScheduleRow): DigestSchedule {
  const id = String(row.id);
  return {
    id,
    tenant: row.tenant,
    channelId: row.channel_id,
    time: row.time,
    timezone: row.timezone,
    topic: row.topic ?? undefined,
    length: row.length,
    days: row.days,
    whenEmpty: row.when_empty,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    activeFrom: new Date(row.active_from),
    pausedAt: row.paused_at === null ? undefined : new Date(row.paused_at),
    disabled:
      row.disabled_code === null
        ? undefined
        : {
            code: row.disabled_code,
            at: new Date(row.disabled_at ?? row.updated_at),
            detail: row.disabled_detail ?? undefined,
          },
    nextDueAt: row.next_due_at === null ? undefined : new Date(row.next_due_at),
    lastRun: toRun(row, id, row.tenant),
  };
}
