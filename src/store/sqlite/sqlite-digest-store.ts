import type Database from 'better-sqlite3';
import type { Clock } from '../../core/clock.ts';
import { AppError, StoreError, UserInputError } from '../../core/errors.ts';
import type { PublishedRef } from '../../core/publisher.ts';
import type { TenantId } from '../../core/types.ts';
import type {
  ClaimOutcome,
  DigestRun,
  DigestSchedule,
  DigestScheduleInput,
  DigestStore,
  DisableCode,
  DueCandidate,
  OpenRunState,
  TenantScope,
} from '../../digests/digest-store.ts';
import { scheduleStateOf, topicKey } from '../../digests/digest-store.ts';
import { nextEligibleDue, type PlannedRun } from '../../digests/due-runs.ts';
import { parseTime, parseTimeZone } from '../../digests/schedule-time.ts';
import {
  LATEST_RUN_JOIN,
  RUN_COLUMNS,
  type RunRow,
  runRowIdOf,
  SCHEDULE_COLUMNS,
  type ScheduleRow,
  scheduleRowIdOf,
  toRun,
  toSchedule,
} from './digest-rows.ts';

const OPEN = `('claimed', 'posting')`;

/**
 * DigestStore on the article store's SQLite connection (see SqliteArticleStore.digestStore()).
 * Every claim and every state change is one statement or one IMMEDIATE transaction, so several
 * processes on one file agree; busy_timeout (set when the file is opened) makes them wait for
 * each other's write lock instead of failing.
 */
export class SqliteDigestStore implements DigestStore {
  private readonly s: ReturnType<typeof prepare>;
  /** Fenced state changes, prepared on first use (a handful of fixed SQL texts). */
  private readonly transitions = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {
    this.s = prepare(db);
  }

  async upsertSchedule(
    tenant: TenantId,
    input: DigestScheduleInput,
  ): Promise<{ schedule: DigestSchedule; created: boolean }> {
    const time = parseTime(input.time);
    const zone = parseTimeZone(input.timezone);
    if (!time.ok) throw new UserInputError(time.message);
    if (!zone.ok) throw new UserInputError(zone.message);
    const topic = input.topic?.trim() || undefined;
    const now = this.now();
    return this.tx('upsertSchedule', () => {
      const values = {
        tenant,
        channel: input.channelId,
        topic: topic ?? null,
        topicKey: topicKey(topic),
        time: time.value,
        zone: zone.value,
        days: input.days,
        length: input.length,
        whenEmpty: input.whenEmpty,
        createdBy: input.createdBy,
        now,
      };
      const existing = this.s.findByKey.get(tenant, input.channelId, values.topicKey) as
        | { id: number }
        | undefined;
      let id: number;
      if (existing) {
        this.s.update.run({ ...values, id: existing.id });
        id = existing.id;
      } else {
        id = Number(this.s.insert.run(values).lastInsertRowid);
      }
      this.refreshNextDue(id);
      return { schedule: this.scheduleById(tenant, id)!, created: existing === undefined };
    });
  }

  async listSchedules(tenant: TenantId): Promise<DigestSchedule[]> {
    return this.run('listSchedules', () => (this.s.list.all(tenant) as ScheduleRow[]).map(toSchedule));
  }

  async getSchedule(tenant: TenantId, id: string): Promise<DigestSchedule | undefined> {
    const rowId = scheduleRowIdOf(id);
    if (rowId === undefined) return undefined;
    return this.run('getSchedule', () => this.scheduleById(tenant, rowId));
  }

  async removeSchedule(tenant: TenantId, id: string): Promise<boolean> {
    const rowId = scheduleRowIdOf(id);
    if (rowId === undefined) return false;
    return this.run('removeSchedule', () => this.s.remove.run(rowId, tenant).changes === 1);
  }

  async pauseSchedule(tenant: TenantId, id: string): Promise<DigestSchedule | undefined> {
    return this.change('pauseSchedule', tenant, id, (rowId, now) =>
      this.s.pause.run({ now, id: rowId, tenant }),
    );
  }

  async resumeSchedule(tenant: TenantId, id: string): Promise<DigestSchedule | undefined> {
    return this.change('resumeSchedule', tenant, id, (rowId, now) => {
      this.s.resume.run({ now, id: rowId, tenant });
      this.refreshNextDue(rowId);
    });
  }

  async disableSchedule(
    tenant: TenantId,
    id: string,
    code: DisableCode,
    detail?: string,
  ): Promise<DigestSchedule | undefined> {
    return this.change('disableSchedule', tenant, id, (rowId, now) =>
      this.s.disable.run({ code, detail: detail?.slice(0, 500) ?? null, now, id: rowId, tenant }),
    );
  }

  async listDue(now: Date, limit: number, scope: TenantScope = {}): Promise<DueCandidate[]> {
    return this.run('listDue', () =>
      (
        (scope.tenants
          ? this.s.dueOf.all(now.getTime(), JSON.stringify(scope.tenants), bound(limit))
          : this.s.due.all(now.getTime(), bound(limit))) as ScheduleRow[]
      ).map((row) => {
        const schedule = toSchedule(row);
        return { schedule, lastRun: schedule.lastRun };
      }),
    );
  }

  async listExpiredClaims(
    now: Date,
    limit: number,
    scope: TenantScope = {},
  ): Promise<{ schedule: DigestSchedule; run: DigestRun }[]> {
    return this.run('listExpiredClaims', () => {
      const rows = (
        scope.tenants
          ? this.s.expiredOf.all(now.getTime(), JSON.stringify(scope.tenants), bound(limit))
          : this.s.expired.all(now.getTime(), bound(limit))
      ) as {
        id: number;
        schedule_id: number;
        tenant: string;
      }[];
      return rows.flatMap((r) => {
        const schedule = this.scheduleById(r.tenant, r.schedule_id);
        const run = this.runByRowId(r.tenant, r.id);
        return schedule && run ? [{ schedule, run }] : [];
      });
    });
  }

  async claimRun(
    tenant: TenantId,
    scheduleId: string,
    due: PlannedRun,
    leaseMs: number,
  ): Promise<ClaimOutcome> {
    const rowId = scheduleRowIdOf(scheduleId);
    if (rowId === undefined) return { claimed: false, reason: 'inactive' };
    const now = this.now();
    const leaseUntil = now + Math.max(0, Math.floor(leaseMs));
    return this.tx('claimRun', (): ClaimOutcome => {
      const params = {
        schedule: rowId,
        tenant,
        localDate: due.localDate,
        dueAt: due.at.getTime(),
        windowStart: due.windowStart.getTime(),
        now,
        leaseUntil,
      };
      if (this.s.active.get(rowId, tenant) === undefined) return { claimed: false, reason: 'inactive' };
      // INSERT … SELECT re-checks the schedule, so the statement alone is safe on any backend.
      const inserted = this.s.claim.run(params);
      if (inserted.changes === 1) {
        this.refreshNextDue(rowId);
        return { claimed: true, run: this.runByRowId(tenant, Number(inserted.lastInsertRowid))! };
      }
      const current = this.s.runByKey.get(rowId, tenant, due.localDate) as RunRow | undefined;
      if (current === undefined || current.r_id === null) return { claimed: false, reason: 'inactive' };
      // A dead owner's run: one conditional UPDATE decides who takes it over.
      const reclaimed = this.s.reclaim.run({ id: current.r_id, now, leaseUntil });
      const run = this.runByRowId(tenant, current.r_id)!;
      if (reclaimed.changes === 1)
        return { claimed: true, run, reclaimedFrom: current.r_state as OpenRunState };
      const open = run.state === 'claimed' || run.state === 'posting';
      return { claimed: false, reason: open ? 'held' : 'finished', run };
    });
  }

  async recordSkipped(
    tenant: TenantId,
    scheduleId: string,
    runs: readonly PlannedRun[],
    reason: string,
  ): Promise<number> {
    const rowId = scheduleRowIdOf(scheduleId);
    if (rowId === undefined || runs.length === 0) return 0;
    const now = this.now();
    return this.tx('recordSkipped', () => {
      let added = 0;
      for (const due of runs) {
        added += this.s.skip.run({
          schedule: rowId,
          tenant,
          localDate: due.localDate,
          dueAt: due.at.getTime(),
          windowStart: due.windowStart.getTime(),
          now,
          reason: reason.slice(0, 200),
        }).changes;
      }
      if (added > 0) this.refreshNextDue(rowId);
      return added;
    });
  }

  async extendLease(run: DigestRun, leaseMs: number): Promise<boolean> {
    const leaseUntil = this.now() + Math.max(0, Math.floor(leaseMs));
    return this.transition('extendLease', run, 'lease_until = @leaseUntil', OPEN, { leaseUntil });
  }

  async markPosting(run: DigestRun): Promise<boolean> {
    return this.transition('markPosting', run, `state = 'posting'`, OPEN);
  }

  async markPosted(run: DigestRun, ref: PublishedRef): Promise<boolean> {
    return this.transition(
      'markPosted',
      run,
      `state = 'posted', lease_until = NULL, channel_id = @channel, message_id = @message, thread_id = @thread`,
      OPEN,
      { channel: ref.channelId, message: ref.messageId, thread: ref.threadId ?? null },
    );
  }

  async markFailed(run: DigestRun, reason: string): Promise<boolean> {
    return this.finish('markFailed', run, 'failed', reason, OPEN);
  }

  async markUnknown(run: DigestRun, reason: string): Promise<boolean> {
    return this.finish('markUnknown', run, 'unknown', reason, OPEN);
  }

  async markSkipped(run: DigestRun, reason: string): Promise<boolean> {
    return this.finish('markSkipped', run, 'skipped', reason, `('claimed')`);
  }

  async getRun(tenant: TenantId, runId: string): Promise<DigestRun | undefined> {
    const rowId = runRowIdOf(runId);
    if (rowId === undefined) return undefined;
    return this.run('getRun', () => this.runByRowId(tenant, rowId));
  }

  async listRuns(tenant: TenantId, scheduleId: string, limit: number): Promise<DigestRun[]> {
    const rowId = scheduleRowIdOf(scheduleId);
    if (rowId === undefined) return [];
    return this.run('listRuns', () =>
      (this.s.runs.all(rowId, tenant, bound(limit)) as RunRow[]).flatMap((row) => {
        const run = toRun(row, String(rowId), tenant);
        return run ? [run] : [];
      }),
    );
  }

  /** Recomputes next_due_at from the schedule and its latest run; call inside the write that changed them. */
  private refreshNextDue(rowId: number): void {
    const row = this.s.byId.get(rowId) as ScheduleRow | undefined;
    if (row === undefined) return;
    const schedule = toSchedule(row);
    const last = schedule.lastRun;
    const next = nextEligibleDue(
      scheduleStateOf(schedule),
      last && { localDate: last.localDate, dueAt: last.dueAt },
    );
    this.s.setNextDue.run(next?.at.getTime() ?? null, rowId);
  }

  private finish(
    operation: string,
    run: DigestRun,
    state: 'failed' | 'unknown' | 'skipped',
    reason: string,
    from: string,
  ): Promise<boolean> {
    return this.transition(operation, run, `state = '${state}', lease_until = NULL, reason = @reason`, from, {
      reason: reason.slice(0, 500),
    });
  }

  /** One fenced UPDATE: only the holder of this attempt, only from the allowed states. */
  private async transition(
    operation: string,
    run: DigestRun,
    set: string,
    from: string,
    extra: Record<string, string | number | null> = {},
  ): Promise<boolean> {
    const rowId = runRowIdOf(run.id);
    if (rowId === undefined) return false;
    const now = this.now();
    return this.run(operation, () => {
      const sql = `UPDATE digest_runs SET ${set}, updated_at = @now
         WHERE id = @id AND tenant = @tenant AND attempt = @attempt AND state IN ${from}`;
      let statement = this.transitions.get(sql);
      if (statement === undefined) {
        statement = this.db.prepare(sql);
        this.transitions.set(sql, statement);
      }
      return (
        statement.run({ ...extra, now, id: rowId, tenant: run.tenant, attempt: run.attempt }).changes === 1
      );
    });
  }

  private change(
    operation: string,
    tenant: TenantId,
    id: string,
    apply: (rowId: number, now: number) => unknown,
  ): Promise<DigestSchedule | undefined> {
    const rowId = scheduleRowIdOf(id);
    if (rowId === undefined) return Promise.resolve(undefined);
    const now = this.now();
    return this.tx(operation, () => {
      if (this.scheduleById(tenant, rowId) === undefined) return undefined;
      apply(rowId, now);
      return this.scheduleById(tenant, rowId);
    });
  }

  private scheduleById(tenant: TenantId, rowId: number): DigestSchedule | undefined {
    const row = this.s.get.get(rowId, tenant) as ScheduleRow | undefined;
    return row && toSchedule(row);
  }

  private runByRowId(tenant: TenantId, rowId: number): DigestRun | undefined {
    const row = this.s.runById.get(rowId, tenant) as RunRow | undefined;
    return row && toRun(row, String(row.r_schedule_id), tenant);
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  private async tx<T>(operation: string, fn: () => T): Promise<T> {
    // IMMEDIATE: take the write lock first, so what a step reads is what it writes against.
    return this.run(operation, () => this.db.transaction(fn).immediate());
  }

  private async run<T>(operation: string, fn: () => T): Promise<T> {
    try {
      return fn();
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new StoreError(`digest store ${operation} failed`, { cause: error });
    }
  }
}

/**
 * The scheduler's per-tick query: one range scan of the partial next_due_at index, so idle schedules
 * cost nothing (tests check its query plan; bench/digest-tick.ts times it).
 */
export const LIST_DUE_SQL = `SELECT ${SCHEDULE_COLUMNS} FROM digest_schedules s ${LATEST_RUN_JOIN}
  WHERE s.next_due_at <= ? ORDER BY s.next_due_at LIMIT ?`;
/**
 * LIST_DUE_SQL for some tenants only (a JSON array): the same range scan of the due index skips the
 * others' rows instead of returning them. The unary + keeps SQLite off the tenant index, which would
 * read every schedule of every listed tenant (thousands of servers per shard) each tick.
 */
export const LIST_DUE_OF_SQL = `SELECT ${SCHEDULE_COLUMNS} FROM digest_schedules s ${LATEST_RUN_JOIN}
  WHERE s.next_due_at <= ? AND +s.tenant IN (SELECT value FROM json_each(?)) ORDER BY s.next_due_at LIMIT ?`;

function bound(limit: number): number {
  return Math.min(10_000, Math.max(1, Math.floor(limit)));
}

function prepare(db: Database.Database) {
  const selectSchedule = `SELECT ${SCHEDULE_COLUMNS} FROM digest_schedules s ${LATEST_RUN_JOIN}`;
  const selectRun = `SELECT ${RUN_COLUMNS} FROM digest_runs r`;
  return {
    findByKey: db.prepare(
      'SELECT id FROM digest_schedules WHERE tenant = ? AND channel_id = ? AND topic_key = ?',
    ),
    insert: db.prepare(`
      INSERT INTO digest_schedules (tenant, channel_id, topic, topic_key, time, timezone, days, length, when_empty,
        created_by, created_at, updated_at, active_from)
      VALUES (@tenant, @channel, @topic, @topicKey, @time, @zone, @days, @length, @whenEmpty,
        @createdBy, @now, @now, @now)`),
    // Setting a schedule again is a fresh start: it re-activates it and counts due times from now.
    update: db.prepare(`
      UPDATE digest_schedules SET topic = @topic, time = @time, timezone = @zone, days = @days, length = @length,
        when_empty = @whenEmpty, updated_at = @now, active_from = @now, paused_at = NULL,
        disabled_code = NULL, disabled_at = NULL, disabled_detail = NULL
      WHERE id = @id AND tenant = @tenant`),
    get: db.prepare(`${selectSchedule} WHERE s.id = ? AND s.tenant = ?`),
    active: db.prepare(
      'SELECT 1 FROM digest_schedules WHERE id = ? AND tenant = ? AND paused_at IS NULL AND disabled_code IS NULL',
    ),
    byId: db.prepare(`${selectSchedule} WHERE s.id = ?`),
    list: db.prepare(`${selectSchedule} WHERE s.tenant = ? ORDER BY s.id`),
    remove: db.prepare('DELETE FROM digest_schedules WHERE id = ? AND tenant = ?'),
    pause: db.prepare(`
      UPDATE digest_schedules SET paused_at = coalesce(paused_at, @now), updated_at = @now, next_due_at = NULL
      WHERE id = @id AND tenant = @tenant`),
    resume: db.prepare(`
      UPDATE digest_schedules SET paused_at = NULL, disabled_code = NULL, disabled_at = NULL, disabled_detail = NULL,
        active_from = @now, updated_at = @now
      WHERE id = @id AND tenant = @tenant`),
    disable: db.prepare(`
      UPDATE digest_schedules SET disabled_code = @code, disabled_at = @now, disabled_detail = @detail,
        updated_at = @now, next_due_at = NULL
      WHERE id = @id AND tenant = @tenant`),
    setNextDue: db.prepare('UPDATE digest_schedules SET next_due_at = ? WHERE id = ?'),
    due: db.prepare(LIST_DUE_SQL),
    dueOf: db.prepare(LIST_DUE_OF_SQL),
    // Only active schedules: a paused or disabled one's dead claim waits for its resume (claims refuse it).
    expired: db.prepare(`
      SELECT r.id, r.schedule_id, r.tenant FROM digest_runs r
      JOIN digest_schedules s ON s.id = r.schedule_id AND s.paused_at IS NULL AND s.disabled_code IS NULL
      WHERE r.state IN ${OPEN} AND r.lease_until <= ? ORDER BY r.lease_until LIMIT ?`),
    expiredOf: db.prepare(`
      SELECT r.id, r.schedule_id, r.tenant FROM digest_runs r
      JOIN digest_schedules s ON s.id = r.schedule_id AND s.paused_at IS NULL AND s.disabled_code IS NULL
      WHERE r.state IN ${OPEN} AND r.lease_until <= ? AND +r.tenant IN (SELECT value FROM json_each(?))
      ORDER BY r.lease_until LIMIT ?`),
    claim: db.prepare(`
      INSERT INTO digest_runs (schedule_id, tenant, local_date, due_at, window_start, state, claimed_at, lease_until,
        attempt, updated_at)
      SELECT id, tenant, @localDate, @dueAt, @windowStart, 'claimed', @now, @leaseUntil, 1, @now
      FROM digest_schedules
      WHERE id = @schedule AND tenant = @tenant AND paused_at IS NULL AND disabled_code IS NULL
      ON CONFLICT (schedule_id, local_date) DO NOTHING`),
    reclaim: db.prepare(`
      UPDATE digest_runs SET lease_until = @leaseUntil, attempt = attempt + 1, updated_at = @now
      WHERE id = @id AND state IN ${OPEN} AND lease_until <= @now`),
    skip: db.prepare(`
      INSERT INTO digest_runs (schedule_id, tenant, local_date, due_at, window_start, state, claimed_at, attempt,
        updated_at, reason)
      SELECT id, tenant, @localDate, @dueAt, @windowStart, 'skipped', @now, 1, @now, @reason
      FROM digest_schedules WHERE id = @schedule AND tenant = @tenant
      ON CONFLICT (schedule_id, local_date) DO NOTHING`),
    runByKey: db.prepare(`${selectRun} WHERE r.schedule_id = ? AND r.tenant = ? AND r.local_date = ?`),
    runById: db.prepare(`${selectRun} WHERE r.id = ? AND r.tenant = ?`),
    runs: db.prepare(
      `${selectRun} WHERE r.schedule_id = ? AND r.tenant = ? ORDER BY r.local_date DESC LIMIT ?`,
    ),
  };
}
