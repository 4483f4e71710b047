const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Parses an ISO-8601 date ("2020-09-13") or date-time ("2020-09-13T08:00:00Z") strictly: impossible
 * dates ("2020-02-30") are refused instead of rolling over, and a time without an offset is UTC,
 * not the host's zone. Returns the instant as an ISO string, or undefined.
 */
export function parseIsoDate(value: string): string | undefined {
  const m = value.trim().match(ISO);
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = m;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${zone ? normaliseZone(zone) : 'Z'}`);
  if (Number.isNaN(date.getTime())) return undefined;
  // Round-trip the calendar date: JavaScript turns 2020-02-30 into 2020-03-01 without complaint.
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  return date.toISOString();
}

function normaliseZone(zone: string): string {
  return zone === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
}
