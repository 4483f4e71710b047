import { parseIsoDate } from '../core/dates.ts';
import { fail, ok, type Result } from '../core/result.ts';

const UNIT_MS: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses a `since` option: an ISO date, or a period back from now like 24h, 3d, 2w. */
export function parseSince(value: string, now: Date): Result<string, 'bad-option'> {
  const period = value
    .trim()
    .toLowerCase()
    .match(/^(\d{1,4})\s*([hdw])$/);
  if (period) return ok(new Date(now.getTime() - Number(period[1]) * UNIT_MS[period[2]!]!).toISOString());
  const date = parseIsoDate(value);
  if (date) return ok(date);
  return fail('bad-option', `"${value}" is not a date or a period; use YYYY-MM-DD, or 24h, 3d, 2w.`);
}
