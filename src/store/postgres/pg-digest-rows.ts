/**
 * The digest tables' columns as PostgreSQL selects them, shaped like SQLite's rows (digest-rows.ts)
 * so one mapping (toSchedule, toRun) serves both: ids come back as numbers (bigint would arrive
 * as text), instants as Dates.
 */

const RUN_FIELDS = `
  r.local_date AS r_local_date, r.due_at AS r_due_at, r.window_start AS r_window_start, r.state AS r_state,
  r.claimed_at AS r_claimed_at, r.lease_until AS r_lease_until, r.attempt AS r_attempt,
  r.updated_at AS r_updated_at, r.channel_id AS r_channel_id, r.message_id AS r_message_id,
  r.thread_id AS r_thread_id, r.reason AS r_reason`;

/** Columns of digest_schedules s, then of its latest run r prefixed r_ (all NULL when it has none). */
export const PG_SCHEDULE_COLUMNS = `
  s.id::float8 AS id, s.tenant, s.channel_id, s.topic, s.time, s.timezone, s.days, s.length, s.when_empty,
  s.created_by, s.created_at, s.updated_at, s.active_from, s.paused_at, s.disabled_code, s.disabled_at,
  s.disabled_detail, s.next_due_at, r.id::float8 AS r_id, ${RUN_FIELDS}`;

/** Each schedule's latest run, one probe of the (schedule_id, local_date) key. */
export const PG_LATEST_RUN_JOIN = `
  LEFT JOIN LATERAL (
    SELECT * FROM digest_runs lr WHERE lr.schedule_id = s.id ORDER BY lr.local_date DESC LIMIT 1
  ) r ON true`;

export const PG_RUN_COLUMNS = `
  r.id::float8 AS r_id, r.schedule_id::float8 AS r_schedule_id, r.tenant AS r_tenant, ${RUN_FIELDS}`;

export const PG_SELECT_SCHEDULE = `SELECT ${PG_SCHEDULE_COLUMNS} FROM digest_schedules s ${PG_LATEST_RUN_JOIN}`;
export const PG_SELECT_RUN = `SELECT ${PG_RUN_COLUMNS} FROM digest_runs r`;

/** Open runs: their owner may still be working, and their lease can run out. */
export const OPEN_STATES = `('claimed', 'posting')`;
