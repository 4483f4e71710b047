import type { Clock } from '../../core/clock.ts';

/**
 * Whose clock leases run on. 'database': the server's now(), one clock for every process, so a
 * process whose own clock runs fast cannot take over a live lease early (production). A Clock:
 * the caller's time, as on SQLite, for tests that move time by hand.
 */
export type LeaseClock = 'database' | Clock;

/**
 * The SQL for "now" on the lease clock, given the placeholder of a parameter that is NULL on the
 * database clock (see leaseNowParam): one statement text serves both.
 */
export function leaseNowSql(placeholder: string): string {
  return `coalesce(${placeholder}::timestamptz, now())`;
}

/** The instant `ms` after the lease clock's now, in SQL. */
export function leaseUntilSql(nowPlaceholder: string, msPlaceholder: string): string {
  return `(${leaseNowSql(nowPlaceholder)} + ${msPlaceholder}::float8 * interval '1 millisecond')`;
}

/** The lease-now parameter: NULL on the database clock, else the given time (the caller's `now`). */
export function leaseNowParam(clock: LeaseClock, callerNow: Date): Date | null {
  return clock === 'database' ? null : callerNow;
}

/** A lease length as the statements take it: whole milliseconds, never negative. */
export function leaseMsParam(ms: number): number {
  return Number.isFinite(ms) ? Math.max(0, Math.floor(ms)) : 0;
}
