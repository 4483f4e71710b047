import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_SKIPPED,
  HOUR_MS,
  nextEligibleDue,
  planDue,
  recoveryAction,
} from '../../src/digests/due-runs.ts';
import { activeSchedule, simulate } from './simulate.ts';

const posted = (runs: ReturnType<typeof simulate>) =>
  runs.filter((r) => r.state === 'posted').map((r) => [r.localDate, r.at, r.postedAt]);

/** Minute by minute across each zone's transitions: exactly one post per resolved date, at its instant. */
const DST_TABLES: { zone: string; time: string; from: string; to: string; expected: [string, string][] }[] = [
  {
    zone: 'Europe/Berlin',
    time: '02:30',
    from: '2026-03-27T12:00:00Z',
    to: '2026-03-31T12:00:00Z',
    expected: [
      ['2026-03-28', '2026-03-28T01:30:00.000Z'],
      ['2026-03-29', '2026-03-29T01:30:00.000Z'],
      ['2026-03-30', '2026-03-30T00:30:00.000Z'],
      ['2026-03-31', '2026-03-31T00:30:00.000Z'],
    ],
  },
  {
    zone: 'Europe/Berlin',
    time: '02:30',
    from: '2026-10-23T12:00:00Z',
    to: '2026-10-27T12:00:00Z',
    expected: [
      ['2026-10-24', '2026-10-24T00:30:00.000Z'],
      ['2026-10-25', '2026-10-25T00:30:00.000Z'],
      ['2026-10-26', '2026-10-26T01:30:00.000Z'],
      ['2026-10-27', '2026-10-27T01:30:00.000Z'],
    ],
  },
  {
    zone: 'America/New_York',
    time: '02:15',
    from: '2026-03-07T00:00:00Z',
    to: '2026-03-09T23:00:00Z',
    expected: [
      ['2026-03-07', '2026-03-07T07:15:00.000Z'],
      ['2026-03-08', '2026-03-08T07:15:00.000Z'],
      ['2026-03-09', '2026-03-09T06:15:00.000Z'],
    ],
  },
  {
    zone: 'America/New_York',
    time: '01:30',
    from: '2026-10-31T00:00:00Z',
    to: '2026-11-02T23:00:00Z',
    expected: [
      ['2026-10-31', '2026-10-31T05:30:00.000Z'],
      ['2026-11-01', '2026-11-01T05:30:00.000Z'],
      ['2026-11-02', '2026-11-02T06:30:00.000Z'],
    ],
  },
  {
    zone: 'Australia/Lord_Howe',
    time: '02:15',
    from: '2026-10-02T00:00:00Z',
    to: '2026-10-05T00:00:00Z',
    expected: [
      ['2026-10-03', '2026-10-02T15:45:00.000Z'],
      ['2026-10-04', '2026-10-03T15:45:00.000Z'],
      ['2026-10-05', '2026-10-04T15:15:00.000Z'],
    ],
  },
  {
    zone: 'Australia/Lord_Howe',
    time: '01:45',
    from: '2026-04-03T00:00:00Z',
    to: '2026-04-06T00:00:00Z',
    expected: [
      ['2026-04-04', '2026-04-03T14:45:00.000Z'],
      ['2026-04-05', '2026-04-04T14:45:00.000Z'],
      ['2026-04-06', '2026-04-05T15:15:00.000Z'],
    ],
  },
  {
    zone: 'Pacific/Apia',
    time: '08:00',
    from: '2011-12-29T00:00:00Z',
    to: '2012-01-01T00:00:00Z',
    expected: [
      ['2011-12-29', '2011-12-29T18:00:00.000Z'],
      ['2011-12-31', '2011-12-30T18:00:00.000Z'],
      ['2012-01-01', '2011-12-31T18:00:00.000Z'],
    ],
  },
  {
    zone: 'Pacific/Apia',
    time: '23:30',
    from: '2011-12-29T00:00:00Z',
    to: '2012-01-01T12:00:00Z',
    expected: [
      ['2011-12-28', '2011-12-29T09:30:00.000Z'],
      ['2011-12-29', '2011-12-30T09:30:00.000Z'],
      ['2011-12-31', '2011-12-31T09:30:00.000Z'],
      ['2012-01-01', '2012-01-01T09:30:00.000Z'],
    ],
  },
];

describe.each(DST_TABLES)('$zone at $time from $from', ({ zone, time, from, to, expected }) => {
  it('posts exactly once per resolved date, on time', () => {
    const runs = simulate({ schedule: activeSchedule(time, zone, from), from, to });
    expect(runs.every((r) => r.state === 'posted')).toBe(true);
    expect(posted(runs)).toEqual(expected.map(([date, at]) => [date, at, at]));
  });
});

describe('windows', () => {
  it('covers 24 h for the first run, then since the previous due time (23 h over the spring change)', () => {
    const runs = simulate({
      schedule: activeSchedule('08:00', 'Europe/Berlin', '2026-03-27T12:00:00Z'),
      from: '2026-03-27T12:00:00Z',
      to: '2026-03-30T12:00:00Z',
    });
    expect(runs.map((r) => [r.windowStart, r.at])).toEqual([
      ['2026-03-27T07:00:00.000Z', '2026-03-28T07:00:00.000Z'],
      ['2026-03-28T07:00:00.000Z', '2026-03-29T06:00:00.000Z'],
      ['2026-03-29T06:00:00.000Z', '2026-03-30T06:00:00.000Z'],
    ]);
  });

  it('covers the weekend for Monday’s weekday digest', () => {
    const runs = simulate({
      schedule: activeSchedule('08:00', 'Europe/Berlin', '2026-05-13T12:00:00Z', 'weekdays'),
      from: '2026-05-13T12:00:00Z',
      to: '2026-05-19T12:00:00Z',
    });
    expect(runs.map((r) => r.localDate)).toEqual(['2026-05-14', '2026-05-15', '2026-05-18', '2026-05-19']);
    expect(runs[2]!.windowStart).toBe('2026-05-15T06:00:00.000Z');
  });
});

describe('downtime', () => {
  const berlin = activeSchedule('08:00', 'Europe/Berlin', '2026-05-10T00:00:00Z');
  const base = { schedule: berlin, from: '2026-05-10T00:00:00Z', to: '2026-05-14T12:00:00Z' };

  it('2 hours down over the due time: one late post when back', () => {
    const runs = simulate({ ...base, down: [['2026-05-11T05:00:00Z', '2026-05-11T07:00:00Z']] });
    expect(runs.filter((r) => r.localDate === '2026-05-11')).toEqual([
      {
        localDate: '2026-05-11',
        at: '2026-05-11T06:00:00.000Z',
        state: 'posted',
        postedAt: '2026-05-11T07:00:00.000Z',
        windowStart: '2026-05-10T06:00:00.000Z',
      },
    ]);
    expect(runs.map((r) => r.state)).toEqual(['posted', 'posted', 'posted', 'posted', 'posted']);
  });

  it('2 days down: none of the missed is posted, both are skipped, the next posts on time', () => {
    const runs = simulate({ ...base, down: [['2026-05-11T05:00:00Z', '2026-05-13T05:00:00Z']] });
    expect(runs.map((r) => [r.localDate, r.state, r.postedAt])).toEqual([
      ['2026-05-10', 'posted', '2026-05-10T06:00:00.000Z'],
      ['2026-05-11', 'skipped', undefined],
      ['2026-05-12', 'skipped', undefined],
      ['2026-05-13', 'posted', '2026-05-13T06:00:00.000Z'],
      ['2026-05-14', 'posted', '2026-05-14T06:00:00.000Z'],
    ]);
  });

  it('back just past the grace period: skipped; a longer configured grace posts it late', () => {
    const down: [string, string][] = [['2026-05-11T05:00:00Z', '2026-05-11T09:30:00Z']];
    const day = (runs: ReturnType<typeof simulate>) => runs.find((r) => r.localDate === '2026-05-11');
    expect(day(simulate({ ...base, down }))?.state).toBe('skipped');
    expect(day(simulate({ ...base, down, graceMs: 4 * HOUR_MS }))).toMatchObject({
      state: 'posted',
      postedAt: '2026-05-11T09:30:00.000Z',
    });
  });

  it('a month down: no burst, at most the bounded number of skipped records, then back on schedule', () => {
    const runs = simulate({
      ...base,
      to: '2026-06-12T12:00:00Z',
      stepMs: 15 * 60_000,
      down: [['2026-05-11T00:00:00Z', '2026-06-10T12:00:00Z']],
    });
    const skipped = runs.filter((r) => r.state === 'skipped');
    expect(skipped).toHaveLength(DEFAULT_MAX_SKIPPED);
    expect(skipped.at(-1)?.localDate).toBe('2026-06-10');
    expect(posted(runs).map((p) => p[0])).toEqual(['2026-05-10', '2026-06-11', '2026-06-12']);
  });

  it('a late post is made before the next one is due, never together with it', () => {
    // With a grace longer than a day only the newest missed time may post.
    const runs = simulate({
      ...base,
      graceMs: 30 * HOUR_MS,
      down: [['2026-05-11T05:00:00Z', '2026-05-12T07:00:00Z']],
    });
    expect(runs.map((r) => [r.localDate, r.state, r.postedAt])).toEqual([
      ['2026-05-10', 'posted', '2026-05-10T06:00:00.000Z'],
      ['2026-05-11', 'skipped', undefined],
      ['2026-05-12', 'posted', '2026-05-12T07:00:00.000Z'],
      ['2026-05-13', 'posted', '2026-05-13T06:00:00.000Z'],
      ['2026-05-14', 'posted', '2026-05-14T06:00:00.000Z'],
    ]);
  });
});

describe('paused and changed schedules', () => {
  it('is never due while paused or disabled', () => {
    const paused = { ...activeSchedule('08:00', 'Europe/Berlin', '2026-05-10T00:00:00Z'), paused: true };
    const now = new Date('2026-05-12T06:30:00Z');
    expect(planDue({ schedule: paused, now })).toEqual({ skip: [] });
    expect(planDue({ schedule: { ...paused, paused: false, disabled: true }, now })).toEqual({ skip: [] });
    expect(nextEligibleDue(paused)).toBeUndefined();
  });

  it('does not catch up paused days: a resume after the due time starts with the next day', () => {
    // Paused on the 11th before 08:00, resumed on the 13th at 09:00: activeFrom is the resume time.
    const resumed = activeSchedule('08:00', 'Europe/Berlin', '2026-05-13T07:00:00Z');
    const lastRun = { localDate: '2026-05-10', dueAt: new Date('2026-05-10T06:00:00Z') };
    expect(planDue({ schedule: resumed, lastRun, now: new Date('2026-05-13T07:00:00Z') })).toEqual({
      skip: [],
      nextDue: { localDate: '2026-05-14', at: new Date('2026-05-14T06:00:00Z') },
    });
  });

  it('a resume before the due time posts that day, with the window since the previous due time', () => {
    const resumed = activeSchedule('08:00', 'Europe/Berlin', '2026-05-13T05:00:00Z');
    const lastRun = { localDate: '2026-05-10', dueAt: new Date('2026-05-10T06:00:00Z') };
    const plan = planDue({ schedule: resumed, lastRun, now: new Date('2026-05-13T06:00:30Z') });
    expect(plan.skip).toEqual([]);
    expect(plan.post).toMatchObject({
      localDate: '2026-05-13',
      windowStart: new Date('2026-05-12T06:00:00Z'),
    });
  });

  it('one run per local date even after the time moves later on a day that already posted', () => {
    // Posted at 07:00, then changed to 09:00 at 07:30: the next run is tomorrow's.
    const changed = activeSchedule('09:00', 'Europe/Berlin', '2026-05-13T05:30:00Z');
    const lastRun = { localDate: '2026-05-13', dueAt: new Date('2026-05-13T05:00:00Z') };
    expect(nextEligibleDue(changed, lastRun)?.localDate).toBe('2026-05-14');
    expect(
      planDue({ schedule: changed, lastRun, now: new Date('2026-05-13T07:10:00Z') }).post,
    ).toBeUndefined();
  });

  it('nothing is due between due times once the last run is recorded', () => {
    const s = activeSchedule('08:00', 'America/New_York', '2026-05-01T00:00:00Z');
    const lastRun = { localDate: '2026-05-12', dueAt: new Date('2026-05-12T12:00:00Z') };
    for (let m = 0; m < 24 * 60; m += 37) {
      const now = new Date(Date.parse('2026-05-12T12:00:00Z') + m * 60_000);
      expect(planDue({ schedule: s, lastRun, now })).toEqual({
        skip: [],
        nextDue: { localDate: '2026-05-13', at: new Date('2026-05-13T12:00:00Z') },
      });
    }
  });
});

describe('recoveryAction', () => {
  const due = new Date('2026-05-13T06:00:00Z');
  it.each([
    ['claimed', '2026-05-13T07:00:00Z', 'post'],
    ['claimed', '2026-05-13T10:00:01Z', 'skip'],
    ['posting', '2026-05-13T07:00:00Z', 'find-then-post'],
    ['posting', '2026-05-13T10:00:01Z', 'find-or-unknown'],
  ] as const)('%s, re-claimed at %s: %s', (state, now, action) => {
    expect(recoveryAction(state, due, new Date(now))).toBe(action);
  });
});
