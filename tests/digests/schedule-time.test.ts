import { describe, expect, it } from 'vitest';
import {
  dueTimeOn,
  localDateOf,
  localDateTimeOf,
  nextDueAfter,
  parseDays,
  parseTime,
  parseTimeZone,
  previousDueAtOrBefore,
  type ScheduleTiming,
  sameTimeZone,
  suggestTimeZones,
} from '../../src/digests/schedule-time.ts';

const timing = (time: string, timezone: string, days: 'daily' | 'weekdays' = 'daily'): ScheduleTiming => ({
  time,
  timezone,
  days,
});

describe('parseTime', () => {
  it.each([
    ['08:00', '08:00'],
    ['8:05', '08:05'],
    [' 23:59 ', '23:59'],
    ['00:00', '00:00'],
  ])('accepts %j as %s', (input, value) => {
    expect(parseTime(input)).toEqual({ ok: true, value });
  });

  it.each(['24:00', '8', '08:60', '8am', '08:00:00', '', '0800', '１２:00'])(
    'refuses %j with a hint',
    (input) => {
      const result = parseTime(input);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.code).toBe('BAD_TIME');
        expect(result.message).toContain('HH:MM');
      }
    },
  );
});

describe('parseDays', () => {
  it('accepts the two choices in any case and refuses others', () => {
    expect(parseDays('Weekdays')).toEqual({ ok: true, value: 'weekdays' });
    expect(parseDays('daily')).toEqual({ ok: true, value: 'daily' });
    expect(parseDays('weekends').ok).toBe(false);
  });
});

describe('parseTimeZone', () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['America/New York', 'America/New_York'],
    ['Europe/Kyiv', 'Europe/Kyiv'],
    ['Europe/Kiev', 'Europe/Kiev'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['UTC', 'UTC'],
  ])('accepts %j, kept as %s', (input, value) => {
    expect(parseTimeZone(input)).toEqual({ ok: true, value });
  });

  it('treats the old and new spelling of a renamed zone as one zone with one set of rules', () => {
    expect(sameTimeZone('Europe/Kyiv', 'Europe/Kiev')).toBe(true);
    expect(sameTimeZone('Europe/Kyiv', 'Europe/Berlin')).toBe(false);
    const kyiv = dueTimeOn(timing('08:00', 'Europe/Kyiv'), '2026-07-01');
    const kiev = dueTimeOn(timing('08:00', 'Europe/Kiev'), '2026-07-01');
    expect(kyiv?.at.toISOString()).toBe('2026-07-01T05:00:00.000Z');
    expect(kiev).toEqual(kyiv);
  });

  it('refuses unknown names with suggestions', () => {
    const result = parseTimeZone('Berlin');
    expect(result).toMatchObject({ ok: false, code: 'BAD_TIMEZONE' });
    if (!result.ok) expect(result.message).toContain('Europe/Berlin');
    expect(parseTimeZone('Mars/Olympus_Mons')).toMatchObject({ ok: false, code: 'BAD_TIMEZONE' });
  });

  it.each(['+01:00', '-05:00', 'UTC+1', 'GMT-3', '', '   ', 'Europe/Berlin; DROP TABLE', 'x'.repeat(500)])(
    'refuses %j',
    (input) => {
      expect(parseTimeZone(input)).toMatchObject({ ok: false, code: 'BAD_TIMEZONE' });
    },
  );
});

describe('suggestTimeZones', () => {
  it('offers both spellings of a renamed zone', () => {
    expect(suggestTimeZones('Kyiv')).toContain('Europe/Kyiv');
    expect(suggestTimeZones('Kiev')).toContain('Europe/Kiev');
    expect(suggestTimeZones('Kolkata')).toContain('Asia/Kolkata');
  });

  it('puts the city that starts with the query first and honours the limit', () => {
    expect(suggestTimeZones('berl', 5)[0]).toBe('Europe/Berlin');
    expect(suggestTimeZones('new york', 5)[0]).toBe('America/New_York');
    expect(suggestTimeZones('america', 25)).toHaveLength(25);
    expect(suggestTimeZones('', 3)).toEqual(['UTC', 'Africa/Abidjan', 'Africa/Accra']);
    expect(suggestTimeZones('zzzz-none')).toEqual([]);
  });

  it('suggests only names that parseTimeZone accepts', () => {
    for (const name of suggestTimeZones('', 1000)) expect(parseTimeZone(name).ok, name).toBe(true);
  });
});

/** [calendar date, expected instant, expected run key] per zone and time. */
const TABLES: { zone: string; time: string; note: string; rows: [string, string, string][] }[] = [
  {
    zone: 'Europe/Berlin',
    time: '02:30',
    note: 'spring gap moves forward to 03:30 CEST',
    rows: [
      ['2026-03-28', '2026-03-28T01:30:00Z', '2026-03-28'],
      ['2026-03-29', '2026-03-29T01:30:00Z', '2026-03-29'],
      ['2026-03-30', '2026-03-30T00:30:00Z', '2026-03-30'],
    ],
  },
  {
    zone: 'Europe/Berlin',
    time: '02:30',
    note: 'repeated autumn time is the earlier (CEST) instant',
    rows: [
      ['2026-10-24', '2026-10-24T00:30:00Z', '2026-10-24'],
      ['2026-10-25', '2026-10-25T00:30:00Z', '2026-10-25'],
      ['2026-10-26', '2026-10-26T01:30:00Z', '2026-10-26'],
    ],
  },
  {
    zone: 'America/New_York',
    time: '02:15',
    note: 'spring gap moves forward to 03:15 EDT',
    rows: [
      ['2026-03-07', '2026-03-07T07:15:00Z', '2026-03-07'],
      ['2026-03-08', '2026-03-08T07:15:00Z', '2026-03-08'],
      ['2026-03-09', '2026-03-09T06:15:00Z', '2026-03-09'],
    ],
  },
  {
    zone: 'America/New_York',
    time: '01:30',
    note: 'repeated autumn time is the earlier (EDT) instant',
    rows: [
      ['2026-10-31', '2026-10-31T05:30:00Z', '2026-10-31'],
      ['2026-11-01', '2026-11-01T05:30:00Z', '2026-11-01'],
      ['2026-11-02', '2026-11-02T06:30:00Z', '2026-11-02'],
    ],
  },
  {
    zone: 'Australia/Lord_Howe',
    time: '02:15',
    note: '30-minute spring gap moves forward to 02:45 (+11:00)',
    rows: [
      ['2026-10-03', '2026-10-02T15:45:00Z', '2026-10-03'],
      ['2026-10-04', '2026-10-03T15:45:00Z', '2026-10-04'],
      ['2026-10-05', '2026-10-04T15:15:00Z', '2026-10-05'],
    ],
  },
  {
    zone: 'Australia/Lord_Howe',
    time: '01:45',
    note: 'repeated 30-minute autumn time is the earlier (+11:00) instant',
    rows: [
      ['2026-04-04', '2026-04-03T14:45:00Z', '2026-04-04'],
      ['2026-04-05', '2026-04-04T14:45:00Z', '2026-04-05'],
      ['2026-04-06', '2026-04-05T15:15:00Z', '2026-04-06'],
    ],
  },
  {
    zone: 'Pacific/Apia',
    time: '08:00',
    note: 'the skipped 2011-12-30 resolves to the 31st: one instant, one key',
    rows: [
      ['2011-12-29', '2011-12-29T18:00:00Z', '2011-12-29'],
      ['2011-12-30', '2011-12-30T18:00:00Z', '2011-12-31'],
      ['2011-12-31', '2011-12-30T18:00:00Z', '2011-12-31'],
      ['2012-01-01', '2011-12-31T18:00:00Z', '2012-01-01'],
    ],
  },
];

describe.each(TABLES)('$zone at $time: $note', ({ zone, time, rows }) => {
  const t = timing(time, zone);

  it.each(rows)('%s resolves to %s, key %s', (date, instant, key) => {
    const due = dueTimeOn(t, date);
    expect(due?.at.toISOString()).toBe(new Date(instant).toISOString());
    expect(due?.localDate).toBe(key);
    expect(localDateOf(zone, new Date(instant))).toBe(key);
  });

  it('next and previous step through the same instants', () => {
    const instants = [...new Set(rows.map((r) => new Date(r[1]).toISOString()))];
    for (let i = 0; i + 1 < instants.length; i++) {
      const at = new Date(instants[i]!);
      expect(nextDueAfter(t, at).at.toISOString()).toBe(instants[i + 1]);
      expect(nextDueAfter(t, new Date(at.getTime() - 1)).at.toISOString()).toBe(instants[i]);
      expect(previousDueAtOrBefore(t, at).at.toISOString()).toBe(instants[i]);
      expect(previousDueAtOrBefore(t, new Date(at.getTime() - 1)).at.getTime()).toBeLessThan(at.getTime());
      const next = new Date(instants[i + 1]!);
      expect(previousDueAtOrBefore(t, new Date(next.getTime() - 1)).at.toISOString()).toBe(instants[i]);
    }
  });
});

describe('weekdays', () => {
  it('posts Monday to Friday in the schedule zone', () => {
    const t = timing('08:00', 'Europe/Berlin', 'weekdays');
    const dates = ['2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30'];
    expect(dates.map((d) => dueTimeOn(t, d)?.localDate)).toEqual([
      '2026-03-26',
      '2026-03-27',
      undefined,
      undefined,
      '2026-03-30',
    ]);
    expect(nextDueAfter(t, new Date('2026-03-27T07:00:00Z')).at.toISOString()).toBe(
      '2026-03-30T06:00:00.000Z',
    );
    expect(previousDueAtOrBefore(t, new Date('2026-03-30T05:59:59Z')).at.toISOString()).toBe(
      '2026-03-27T07:00:00.000Z',
    );
  });

  it('judges the day by the resolved instant: Apia Friday 2011-12-30 became Saturday', () => {
    const t = timing('08:00', 'Pacific/Apia', 'weekdays');
    expect(dueTimeOn(t, '2011-12-30')).toBeUndefined();
    expect(nextDueAfter(t, new Date('2011-12-29T18:00:00Z')).localDate).toBe('2012-01-02');
  });

  it('uses the zone’s day, not UTC’s: Friday 20:00 in New York is Saturday in UTC', () => {
    const t = timing('20:00', 'America/New_York', 'weekdays');
    expect(dueTimeOn(t, '2026-05-15')?.at.toISOString()).toBe('2026-05-16T00:00:00.000Z');
    expect(dueTimeOn(t, '2026-05-16')).toBeUndefined();
  });
});

it('localDateTimeOf shows wall-clock time in the zone', () => {
  expect(localDateTimeOf('Europe/Berlin', new Date('2026-03-29T01:30:00Z'))).toBe('2026-03-29 03:30');
});
