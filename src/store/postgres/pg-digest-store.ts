import type { Clock } from '../../core/clock.ts';
import { UserInputError } from '../../core/errors.ts';
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
  type RunRow,
  runRowIdOf,
  type ScheduleRow,
  scheduleRowIdOf,
  toRun,
  toSchedule,
} from '../sqlite/digest-rows.ts';
import type { PgDatabase, PgQueryable } from './pg-database.ts';
import { OPEN_STATES, PG_RUN_COLUMNS, PG_SELECT_RUN, PG_SELECT_SCHEDULE } from './pg-digest-rows.ts';
import {
  type LeaseClock,
  leaseMsParam,
  leaseNowParam,
  leaseNowSql,
  leaseUntilSql,
} from './pg-lease-clock.ts';

/**
 * DigestStore on PostgreSQL, for several bot processes on one database. A run is won by
 * `INSERT … ON CONFLICT (schedule_id, local_date) DO NOTHING RETURNING`: one winner per key across
 * processes. Claims, skips and schedule changes first lock their schedule row (FOR UPDATE), so the
 * schedule's next due time is always recomputed from what the latest writer saw, as SQLite's
 * IMMEDIATE transactions guarantee. Leases run on the lease clock (the database's now() in
 * production): a dead owner's run is taken over by one conditional UPDATE of a row locked with
 * SKIP LOCKED, and every later change is fenced on (run id, attempt).
 */
export class PgDigestStore implements DigestStore {
  constructor(
    private readonly db: PgDatabase,
    private readonly clock: Clock,
    private readonly leaseClock: LeaseClock = 'database',
  ) {}

  async upsertSchedule(
    tenant: TenantId,
    input: DigestScheduleInput,
  ): Promise<{ schedule: DigestSchedule; created: boolean }> {
    const time = parseTime(input.time);
    const zone = parseTimeZone(input.timezone);
    if (!time.ok) throw new UserInputError(time.message);
    if (!zone.ok) throw new UserInputError(zone.message);
    const topic = input.topic?.trim() || undefined;
    const now = this.clock.now();
    return this.db.transaction('digest upsertSchedule', async (client) => {
      // Setting a schedule again is a fresh start: it re-activates it and counts due times from now.
      const { rows } = await client.query<{ id: number; created: boolean }>(
        `INSERT INTO digest_schedules (tenant, channel_id, topic, topic_key, time, timezone, days, length, when_empty,
           created_by, created_at, updated_at, active_from)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $11)
         ON CONFLICT (tenant, channel_id, topic_key) DO UPDATE SET
           topic = excluded.topic, time = excluded.time, timezone = excluded.timezone, days = excluded.days,
           length = excluded.length, when_empty = excluded.when_empty, updated_at = excluded.updated_at,
           active_from = excluded.active_from, paused_at = NULL, disabled_code = NULL, disabled_at = NULL,
           disabled_detail = NULL
         RETURNING id::float8 AS id, (xmax = 0) AS created`,
        [
          tenant,
          input.channelId,
          topic ?? null,
          topicKey(topic),
          time.value,
          zone.value,
          input.days,
          input.length,
          input.whenEmpty,
          input.createdBy,
          now,
        ],
      );
      const { id, created } = rows[0]!;
      await refreshNextDue(client, id);
      return { schedule: (await scheduleById(client, tenant, id))!, created };
    });
  }

  async listSchedules(tenant: TenantId): Promise<DigestSchedule[]> {
    const { rows } = await this.db.query<ScheduleRow>(
      'digest listSchedules',
      `${PG_SELECT_SCHEDULE} WHERE s.tenant = $1 ORDER BY s.id`,
      [tenant],
    );
    return rows.map(toSchedule);
  }

  async getSchedule(tenant: TenantId, id: string): Promise<DigestSchedule | undefined> {
    const rowId = scheduleRowIdOf(id);
    if (rowId === undefined) return undefined;
    return scheduleById(this.queryable('digest getSchedule'), tenant, rowId);
  }

  async removeSchedule(tenant: TenantId, id: string): Promise<boolean> {
    const rowId = scheduleRowIdOf(id);
    if (rowId === undefined) return false;
    const result = await this.db.query(
      'digest removeSchedule',
      'DELETE FROM digest_schedules WHERE id = $1 AND tenant = $2',
      [rowId, tenant],
    );
    return result.rowCount === 1;
  }

  async pauseSchedule(tenant: TenantId, id: string): Promise<DigestSchedule | undefined> {
    return this.change('pauseSchedule', tenant, id, (client, rowId, now) =>
      client.query(
        `UPDATE digest_schedules SET paused_at = coalesce(paused_at, $1), updated_at = $1, next_due_at = NULL
         WHERE id = $2`,
        [now, rowId],
      ),
    );
  }

  async resumeSchedule(tenant: TenantId, id: string): Promise<DigestSchedule | undefined> {
    return this.change('resumeSchedule', tenant, id, async (client, rowId, now) => {
      await client.query(
        `UPDATE digest_schedules SET paused_at = NULL, disabled_code = NULL, disabled_at = NULL,
           disabled_detail = NULL, active_from = $1, updated_at = $1
         WHERE id = $2`,
        [now, rowId],
      );
      await refreshNextDue(client, rowId);
    });
  }

  async disableSchedule(
    tenant: TenantId,
    id: string,
    code: DisableCode,
    detail?: string,
  ): Promise<DigestSchedule | undefined> {
    return this.change('disableSchedule', tenant, id, (client, rowId, now) =>
      client.query(
        `UPDATE digest_schedules SET disabled_code = $1, disabled_at = $2, disabled_detail = $3, updated_at = $2,
           next_due_at = NULL
         WHERE id = $4`,
        [code, now, detail?.slice(0, 500) ?? null, rowId],
      ),
    );
  }

  async listDue(now: Date, limit: number, scope: TenantScope = {}): Promise<DueCandidate[]> {
    const { rows } = await this.db.query<ScheduleRow>('digest listDue', LIST_DUE_PG_SQL, [
      now,
      bound(limit),
      scope.tenants ?? null,
    ]);
    return rows.map((row) => {
      const schedule = toSchedule(row);
      return { schedule, lastRun: schedule.lastRun };
    });
  }

  async listExpiredClaims(
    now: Date,
    limit: number,
    scope: TenantScope = {},
  ): Promise<{ schedule: DigestSchedule; run: DigestRun }[]> {
    const q = this.queryable('digest listExpiredClaims');
    // Only active schedules: a paused or disabled one's dead claim waits for its resume (claims refuse it).
    const { rows } = await q.query<{ id: number; schedule_id: number; tenant: string }>(
      `SELECT r.id::float8 AS id, r.schedule_id::float8 AS schedule_id, r.tenant FROM digest_runs r
       JOIN digest_schedules s ON s.id = r.schedule_id AND s.paused_at IS NULL AND s.disabled_code IS NULL
       WHERE r.state IN ${OPEN_STATES} AND r.lease_until <= ${leaseNowSql('$1')}
         AND ($3::text[] IS NULL OR r.tenant = ANY($3::text[]))
       ORDER BY r.lease_until LIMIT $2`,
      [leaseNowParam(this.leaseClock, now), bound(limit), scope.tenants ?? null],
    );
    const out: { schedule: DigestSchedule; run: DigestRun }[] = [];
    for (const r of rows) {
      const schedule = await scheduleById(q, r.tenant, r.schedule_id);
      const run = await runByRowId(q, r.tenant, r.id);
      if (schedule && run) out.push({ schedule, run });
    }
    return out;
  }

  async claimRun(
    tenant: TenantId,
    scheduleId: string,
    due: PlannedRun,
    leaseMs: number,
  ): Promise<ClaimOutcome> {
    const rowId = scheduleRowIdOf(scheduleId);
    if (rowId === undefined) return { claimed: false, reason: 'inactive' };
    const now = this.clock.now();
    const leaseNow = leaseNowParam(this.leaseClock, now);
    const ms = leaseMsParam(leaseMs);
    return this.db.transaction('digest claimRun', async (client): Promise<ClaimOutcome> => {
      const locked = await client.query<ScheduleRow>(
        `${PG_SELECT_SCHEDULE}
         WHERE s.id = $1 AND s.tenant = $2 AND s.paused_at IS NULL AND s.disabled_code IS NULL FOR UPDATE OF s`,
        [rowId, tenant],
      );
      if (locked.rows[0] === undefined) return { claimed: false, reason: 'inactive' };
      const inserted = await client.query<RunRow>(
        `INSERT INTO digest_runs AS r (schedule_id, tenant, local_date, due_at, window_start, state, claimed_at,
           lease_until, attempt, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'claimed', $6, ${leaseUntilSql('$7', '$8')}, 1, $6)
         ON CONFLICT (schedule_id, local_date) DO NOTHING
         RETURNING ${PG_RUN_COLUMNS}`,
        [rowId, tenant, due.localDate, due.at, due.windowStart, now, leaseNow, ms],
      );
      if (inserted.rows[0]) {
        const run = toRun(inserted.rows[0], scheduleId, tenant)!;
        await setNextDue(client, toSchedule(locked.rows[0]), run);
        return { claimed: true, run };
      }
      // The key exists. A dead owner's run is taken over by one conditional UPDATE; the statement
      // returns the run as it now is, with the state it had and whether this call took it.
      const { rows } = await client.query<RunRow & { previous_state: OpenRunState; taken: boolean }>(
        `WITH current AS (
           SELECT id, state FROM digest_runs WHERE schedule_id = $1 AND tenant = $2 AND local_date = $3
         ), taken AS (
           UPDATE digest_runs r SET lease_until = ${leaseUntilSql('$4', '$5')}, attempt = attempt + 1, updated_at = $6
           WHERE r.id = (
             SELECT d.id FROM digest_runs d JOIN current c ON c.id = d.id
             WHERE d.state IN ${OPEN_STATES} AND d.lease_until <= ${leaseNowSql('$4')}
             FOR UPDATE OF d SKIP LOCKED)
           RETURNING ${PG_RUN_COLUMNS}
         )
         SELECT taken.*, (SELECT state FROM current) AS previous_state, true AS taken FROM taken
         UNION ALL
         SELECT ${PG_RUN_COLUMNS}, r.state, false FROM digest_runs r JOIN current c ON c.id = r.id
         WHERE NOT EXISTS (SELECT 1 FROM taken)`,
        [rowId, tenant, due.localDate, leaseNow, ms, now],
      );
      const row = rows[0];
      const run = row && toRun(row, scheduleId, tenant);
      if (run === undefined) return { claimed: false, reason: 'inactive' };
      if (row!.taken) return { claimed: true, run, reclaimedFrom: row!.previous_state };
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
    const now = this.clock.now();
    return this.db.transaction('digest recordSkipped', async (client) => {
      const schedule = await client.query(
        'SELECT 1 FROM digest_schedules WHERE id = $1 AND tenant = $2 FOR UPDATE',
        [rowId, tenant],
      );
      if (schedule.rowCount !== 1) return 0;
      const added = await client.query(
        `INSERT INTO digest_runs (schedule_id, tenant, local_date, due_at, window_start, state, claimed_at, attempt,
           updated_at, reason)
         SELECT $1, $2, d.local_date, d.due_at, d.window_start, 'skipped', $6, 1, $6, $7
         FROM unnest($3::text[], $4::timestamptz[], $5::timestamptz[]) AS d (local_date, due_at, window_start)
         ORDER BY d.local_date
         ON CONFLICT (schedule_id, local_date) DO NOTHING`,
        [
          rowId,
          tenant,
          runs.map((r) => r.localDate),
          runs.map((r) => r.at),
          runs.map((r) => r.windowStart),
          now,
          reason.slice(0, 200),
        ],
      );
      const count = added.rowCount ?? 0;
      if (count > 0) await refreshNextDue(client, rowId);
      return count;
    });
  }

  async extendLease(run: DigestRun, leaseMs: number): Promise<boolean> {
    return this.transition('extendLease', run, `lease_until = ${leaseUntilSql('$5', '$6')}`, OPEN_STATES, [
      leaseNowParam(this.leaseClock, this.clock.now()),
      leaseMsParam(leaseMs),
    ]);
  }

  async markPosting(run: DigestRun): Promise<boolean> {
    return this.transition('markPosting', run, `state = 'posting'`, OPEN_STATES);
  }

  async markPosted(run: DigestRun, ref: PublishedRef): Promise<boolean> {
    return this.transition(
      'markPosted',
      run,
      `state = 'posted', lease_until = NULL, channel_id = $5, message_id = $6, thread_id = $7`,
      OPEN_STATES,
      [ref.channelId, ref.messageId, ref.threadId ?? null],
    );
  }

  async markFailed(run: DigestRun, reason: string): Promise<boolean> {
    return this.finish('markFailed', run, 'failed', reason, OPEN_STATES);
  }

  async markUnknown(run: DigestRun, reason: string): Promise<boolean> {
    return this.finish('markUnknown', run, 'unknown', reason, OPEN_STATES);
  }

  async markSkipped(run: DigestRun, reason: string): Promise<boolean> {
    return this.finish('markSkipped', run, 'skipped', reason, `('claimed')`);
  }

  async getRun(tenant: TenantId, runId: string): Promise<DigestRun | undefined> {
    const rowId = runRowIdOf(runId);
    if (rowId === undefined) return undefined;
    return runByRowId(this.queryable('digest getRun'), tenant, rowId);
  }

  async listRuns(tenant: TenantId, scheduleId: string, limit: number): Promise<DigestRun[]> {
    const rowId = scheduleRowIdOf(scheduleId);
    if (rowId === undefined) return [];
    const { rows } = await this.db.query<RunRow>(
      'digest listRuns',
      `${PG_SELECT_RUN} WHERE r.schedule_id = $1 AND r.tenant = $2 ORDER BY r.local_date DESC LIMIT $3`,
      [rowId, tenant, bound(limit)],
    );
    return rows.flatMap((row) => toRun(row, String(rowId), tenant) ?? []);
  }

  private finish(
    operation: string,
    run: DigestRun,
    state: 'failed' | 'unknown' | 'skipped',
    reason: string,
    from: string,
  ): Promise<boolean> {
    return this.transition(operation, run, `state = '${state}', lease_until = NULL, reason = $5`, from, [
      reason.slice(0, 500),
    ]);
  }

  /** One fenced UPDATE: only the holder of this attempt, only from the allowed states ($1–$4 are fixed). */
  private async transition(
    operation: string,
    run: DigestRun,
    set: string,
    from: string,
    extra: unknown[] = [],
  ): Promise<boolean> {
    const rowId = runRowIdOf(run.id);
    if (rowId === undefined) return false;
    const result = await this.db.query(
      `digest ${operation}`,
      `UPDATE digest_runs SET ${set}, updated_at = $1
       WHERE id = $2 AND tenant = $3 AND attempt = $4 AND state IN ${from}`,
      [this.clock.now(), rowId, run.tenant, run.attempt, ...extra],
    );
    return result.rowCount === 1;
  }

  /** Locks the tenant's schedule, applies a change, and returns the schedule as it now is. */
  private async change(
    operation: string,
    tenant: TenantId,
    id: string,
    apply: (client: PgQueryable, rowId: number, now: Date) => Promise<unknown>,
  ): Promise<DigestSchedule | undefined> {
    const rowId = scheduleRowIdOf(id);
    if (rowId === undefined) return undefined;
    const now = this.clock.now();
    return this.db.transaction(`digest ${operation}`, async (client) => {
      const locked = await client.query(
        'SELECT 1 FROM digest_schedules WHERE id = $1 AND tenant = $2 FOR UPDATE',
        [rowId, tenant],
      );
      if (locked.rowCount !== 1) return undefined;
      await apply(client, rowId, now);
      return scheduleById(client, tenant, rowId);
    });
  }

  /** Statements outside a transaction, with the database's error wrapping. */
  private queryable(what: string): PgQueryable {
    return {
      query: ((sql: string, params?: unknown[]) => this.db.query(what, sql, params)) as PgQueryable['query'],
    };
  }
}

/**
 * The scheduler's per-tick query: a range scan of the partial next_due_at index, each latest run
 * one probe of the run key, so idle schedules cost nothing.
 */
export const LIST_DUE_PG_SQL = `${PG_SELECT_SCHEDULE} WHERE s.next_due_at <= $1
  AND ($3::text[] IS NULL OR s.tenant = ANY($3::text[])) ORDER BY s.next_due_at LIMIT $2`;

/** Sets next_due_at after a new run of a locked schedule: the latest run is the newer of its last and this one. */
async function setNextDue(client: PgQueryable, schedule: DigestSchedule, added: DigestRun): Promise<void> {
  const last = schedule.lastRun && schedule.lastRun.localDate > added.localDate ? schedule.lastRun : added;
  const next = nextEligibleDue(scheduleStateOf(schedule), { localDate: last.localDate, dueAt: last.dueAt });
  await client.query('UPDATE digest_schedules SET next_due_at = $1 WHERE id = $2', [
    next?.at ?? null,
    added.scheduleId,
  ]);
}

/** Recomputes next_due_at from the schedule and its latest run; call inside the write that changed them. */
async function refreshNextDue(client: PgQueryable, rowId: number): Promise<void> {
  const { rows } = await client.query<ScheduleRow>(`${PG_SELECT_SCHEDULE} WHERE s.id = $1`, [rowId]);
  if (rows[0] === undefined) return;
  const schedule = toSchedule(rows[0]);
  const last = schedule.lastRun;
  const next = nextEligibleDue(
    scheduleStateOf(schedule),
    last && { localDate: last.localDate, dueAt: last.dueAt },
  );
  await client.query('UPDATE digest_schedules SET next_due_at = $1 WHERE id = $2', [next?.at ?? null, rowId]);
}

async function scheduleById(
  client: PgQueryable,
  tenant: TenantId,
  rowId: number,
): Promise<DigestSchedule | undefined> {
  const { rows } = await client.query<ScheduleRow>(
    `${PG_SELECT_SCHEDULE} WHERE s.id = $1 AND s.tenant = $2`,
    [rowId, tenant],
  );
  return rows[0] && toSchedule(rows[0]);
}

async function runByRowId(
  client: PgQueryable,
  tenant: TenantId,
  rowId: number,
): Promise<DigestRun | undefined> {
  const { rows } = await client.query<RunRow>(`${PG_SELECT_RUN} WHERE r.id = $1 AND r.tenant = $2`, [
    rowId,
    tenant,
  ]);
  const row = rows[0];
  return row && toRun(row, String(row.r_schedule_id), tenant);
}

function bound(limit: number): number {
  return Math.min(10_000, Math.max(1, Math.floor(limit)));
}
