/**
 * The time rules of a daily digest: what a schedule's `time`, `timezone` and `days` mean, and which
 * instants they resolve to. Pure (no clock, no I/O); Temporal does the zone arithmetic.
 *
 * The rules, in one place:
 * - A due time is the schedule's wall-clock time on a local calendar date, resolved with Temporal's
 *   `compatible` disambiguation: a time in a spring-forward gap moves forward by the gap (02:30 in
 *   Berlin on the last Sunday of March is 03:30), a time repeated in autumn is the earlier instant.
 * - A run is keyed by the local date OF THE RESOLVED INSTANT, not of the calendar date it came from.
 *   Two calendar dates that resolve to one instant (Pacific/Apia skipped 2011-12-30, so "08:00 on
 *   the 30th" is 08:00 on the 31st) are one due time with one key, so they cannot post twice.
 * - `weekdays` means the resolved instant falls on Monday to Friday in the schedule's zone.
 */
import { Temporal } from 'temporal-polyfill';
import { fail, ok, type Result } from '../core/result.ts';
import { digestMessages } from './digest-messages.ts';

export const DIGEST_DAYS = ['daily', 'weekdays'] as const;
/** Which local days a schedule posts on. */
export type DigestDays = (typeof DIGEST_DAYS)[number];

/** The part of a schedule that decides when it is due. */
export interface ScheduleTiming {
  /** 24-hour local wall-clock time, `HH:MM` (as {@link parseTime} returns it). */
  time: string;
  /** IANA zone name (as {@link parseTimeZone} returns it). */
  timezone: string;
  days: DigestDays;
}

/** One due time of a schedule: the instant and its run key. */
export interface DueTime {
  at: Date;
  /** `YYYY-MM-DD`: the local date of `at` in the schedule's zone (the run key with the schedule id). */
  localDate: string;
}

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const MAX_ZONE_LENGTH = 64;
/** Wide enough for a weekend plus a skipped calendar day plus a DST shift across midnight. */
const SEARCH_DAYS = 14;

/** Parses a 24-hour `H:MM` or `HH:MM`; returns it as `HH:MM`. */
export function parseTime(input: string): Result<string, 'BAD_TIME'> {
  const match = TIME.exec(input.trim());
  if (!match) return fail('BAD_TIME', digestMessages.badTime(input));
  return ok(`${match[1]!.padStart(2, '0')}:${match[2]}`);
}

/** Parses `daily` or `weekdays` (any case). */
export function parseDays(input: string): Result<DigestDays, 'BAD_DAYS'> {
  const value = input.trim().toLowerCase();
  return (DIGEST_DAYS as readonly string[]).includes(value)
    ? ok(value as DigestDays)
    : fail('BAD_DAYS', digestMessages.badDays(input));
}

/**
 * Validates an IANA zone name (any case; spaces may stand for underscores) and returns it in its
 * proper case, spelled as the user spelled it: `Europe/Kyiv` stays `Europe/Kyiv` even though Node 20's
 * ICU calls it `Europe/Kiev`; both resolve to the same rules. Fixed offsets (`+01:00`) are refused
 * because they ignore daylight saving.
 */
export function parseTimeZone(input: string): Result<string, 'BAD_TIMEZONE'> {
  const trimmed = input.trim().replace(/\s+/g, '_');
  if (trimmed === '') return fail('BAD_TIMEZONE', digestMessages.emptyTimeZone);
  if (/^[+\-\u2212]|^(utc|gmt)[+\-\u2212]/i.test(trimmed)) {
    return fail('BAD_TIMEZONE', digestMessages.offsetTimeZone(input));
  }
  if (trimmed.length <= MAX_ZONE_LENGTH && /^[A-Za-z0-9_+\-/]+$/.test(trimmed)) {
    const id = zoneIdOf(trimmed);
    if (id !== undefined) return ok(id);
  }
  const lastPart = trimmed.slice(0, MAX_ZONE_LENGTH).split('/').at(-1) ?? '';
  return fail('BAD_TIMEZONE', digestMessages.badTimeZone(input, suggestTimeZones(lastPart, 3)));
}

/** True when two valid zone names are the same zone under different spellings (Europe/Kyiv, Europe/Kiev). */
export function sameTimeZone(a: string, b: string): boolean {
  return canonicalZone(a) === canonicalZone(b);
}

/**
 * Zone names for autocomplete: best matches of `query` first (a part of the name starting with it,
 * then the name containing it; case-insensitive, spaces match underscores), at most `limit`.
 * Includes both spellings of renamed zones, whichever one this runtime's ICU lists.
 */
export function suggestTimeZones(query: string, limit = 25): string[] {
  const max = Math.max(0, Math.floor(limit));
  const q = query.trim().toLowerCase().replace(/\s+/g, '_').slice(0, MAX_ZONE_LENGTH);
  const names = allZoneNames();
  if (q === '') return names.slice(0, max);
  const scored: { name: string; score: number }[] = [];
  for (const name of names) {
    const lower = name.toLowerCase();
    const parts = lower.split('/');
    let score: number;
    if (lower === q || parts.at(-1) === q) score = 0;
    else if (parts.at(-1)!.startsWith(q)) score = 1;
    else if (lower.startsWith(q) || parts.some((p) => p.startsWith(q))) score = 2;
    else if (lower.includes(q)) score = 3;
    else continue;
    scored.push({ name, score });
  }
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  return scored.slice(0, max).map((s) => s.name);
}

/**
 * The due time the schedule's wall-clock time on calendar date `date` (`YYYY-MM-DD`) resolves to,
 * or undefined when it falls on a day the schedule does not post (a weekend for `weekdays`).
 * Its `localDate` may differ from `date` when that date has no such local time (a skipped day).
 */
export function dueTimeOn(timing: ScheduleTiming, date: string): DueTime | undefined {
  return resolveOn(timing, Temporal.PlainDate.from(date).toString());
}

/** The first due time strictly after `after`. */
export function nextDueAfter(timing: ScheduleTiming, after: Date): DueTime {
  const ms = after.getTime();
  const start = localDateOf(timing.timezone, after);
  for (let i = -1; i < SEARCH_DAYS; i++) {
    const due = resolveOn(timing, addDays(start, i));
    if (due !== undefined && due.at.getTime() > ms) return due;
  }
  throw new RangeError(`no due time within ${SEARCH_DAYS} days after ${after.toISOString()}`);
}

/** The last due time at or before `at`. */
export function previousDueAtOrBefore(timing: ScheduleTiming, at: Date): DueTime {
  const ms = at.getTime();
  const start = localDateOf(timing.timezone, at);
  for (let i = 1; i > -SEARCH_DAYS; i--) {
    const due = resolveOn(timing, addDays(start, i));
    if (due !== undefined && due.at.getTime() <= ms) return due;
  }
  throw new RangeError(`no due time within ${SEARCH_DAYS} days before ${at.toISOString()}`);
}

/** The run key's date of an instant: its local date in the zone, `YYYY-MM-DD`. */
export function localDateOf(timezone: string, instant: Date): string {
  // Intl and the Temporal polyfill read the same zone data; a cached formatter is far cheaper.
  let format = dateFormats.get(timezone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      calendar: 'iso8601',
      numberingSystem: 'latn',
    });
    dateFormats.set(timezone, format);
  }
  const parts = format.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** An instant as local wall-clock time for people, `YYYY-MM-DD HH:MM` (e.g. for `/digest list`). */
export function localDateTimeOf(timezone: string, instant: Date): string {
  const z = zoned(instant, timezone);
  return `${z.toPlainDate().toString()} ${z.toPlainTime().toString({ smallestUnit: 'minute' })}`;
}

/** Resolves the schedule's wall time on calendar date `date` (`YYYY-MM-DD`). */
function resolveOn(timing: ScheduleTiming, date: string): DueTime | undefined {
  const key = `${timing.timezone}|${timing.time}|${date}`;
  let resolved = resolvedCache.get(key);
  if (resolved === undefined) {
    if (resolvedCache.size >= RESOLVED_CACHE_SIZE) resolvedCache.clear();
    const [hour, minute] = timing.time.split(':').map(Number) as [number, number];
    // 'compatible' is Temporal's default; spelled out because the rules above depend on it.
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    const z = Temporal.PlainDateTime.from({ year, month, day, hour, minute }).toZonedDateTime(
      timing.timezone,
      {
        disambiguation: 'compatible',
      },
    );
    resolved = { ms: z.epochMilliseconds, localDate: z.toPlainDate().toString(), weekday: z.dayOfWeek };
    resolvedCache.set(key, resolved);
  }
  if (timing.days === 'weekdays' && resolved.weekday > 5) return undefined;
  return { at: new Date(resolved.ms), localDate: resolved.localDate };
}

/**
 * Resolutions of (zone, wall time, date), which never change while the process runs. Many schedules
 * share a zone and time, and planning walks overlapping dates, so this saves most Temporal work.
 */
const resolvedCache = new Map<string, { ms: number; localDate: string; weekday: number }>();
const RESOLVED_CACHE_SIZE = 50_000;

/** Calendar arithmetic on `YYYY-MM-DD` (proleptic Gregorian, no zone involved). */
function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

function zoned(instant: Date, timezone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timezone);
}

/** Temporal's spelling of a zone (proper case, the name as given), or undefined when unknown. */
function zoneIdOf(name: string): string | undefined {
  try {
    const id = Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(name).timeZoneId;
    // Temporal also takes offsets ("+01:00"); a schedule needs a zone with rules.
    return /^[+-]/.test(id) ? undefined : id;
  } catch {
    return undefined;
  }
}

function canonicalZone(name: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return name;
  }
}

/**
 * Renamed zones as [current IANA name, older spelling]. Node 20's ICU lists only the older one
 * (and canonicalises the new one to it); newer runtimes may list only the new one. Both are offered.
 */
const RENAMED_ZONES: readonly (readonly [string, string])[] = [
  ['Europe/Kyiv', 'Europe/Kiev'],
  ['Asia/Kolkata', 'Asia/Calcutta'],
  ['Asia/Ho_Chi_Minh', 'Asia/Saigon'],
  ['Asia/Yangon', 'Asia/Rangoon'],
  ['Asia/Kathmandu', 'Asia/Katmandu'],
  ['America/Argentina/Buenos_Aires', 'America/Buenos_Aires'],
  ['America/Argentina/Catamarca', 'America/Catamarca'],
  ['America/Argentina/Cordoba', 'America/Cordoba'],
  ['America/Argentina/Jujuy', 'America/Jujuy'],
  ['America/Argentina/Mendoza', 'America/Mendoza'],
  ['America/Indiana/Indianapolis', 'America/Indianapolis'],
  ['America/Kentucky/Louisville', 'America/Louisville'],
  ['America/Nuuk', 'America/Godthab'],
  ['America/Atikokan', 'America/Coral_Harbour'],
  ['Atlantic/Faroe', 'Atlantic/Faeroe'],
  ['Pacific/Kanton', 'Pacific/Enderbury'],
  ['Pacific/Chuuk', 'Pacific/Truk'],
  ['Pacific/Pohnpei', 'Pacific/Ponape'],
  ['Africa/Asmara', 'Africa/Asmera'],
];

let zoneNames: string[] | undefined;

function allZoneNames(): string[] {
  if (zoneNames === undefined) {
    const names = new Set<string>(['UTC', ...Intl.supportedValuesOf('timeZone')]);
    for (const pair of RENAMED_ZONES) {
      for (const name of pair) if (zoneIdOf(name) !== undefined) names.add(name);
    }
    zoneNames = [...names].sort((a, b) => (a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b)));
  }
  return zoneNames;
}
