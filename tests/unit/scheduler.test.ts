import { describe, expect, it } from 'vitest';
import { type DueJob, Scheduler } from '../../src/core/scheduler.ts';

describe('Scheduler', () => {
  it('runs every job with the tick time, reports counts, and keeps going past a failing job', async () => {
    const seen: string[] = [];
    const errors: object[] = [];
    const jobs: DueJob[] = [
      { name: 'broken', runDue: async () => Promise.reject(new Error('boom')) },
      {
        name: 'digests',
        runDue: async (now) => {
          seen.push(now.toISOString());
          return 3;
        },
      },
    ];
    const scheduler = new Scheduler(jobs, { error: (obj) => errors.push(obj) });
    const report = await scheduler.tick(new Date('2026-03-01T08:00:00Z'));
    expect(report.handled).toEqual({ digests: 3 });
    expect(report.failed).toEqual({ broken: 'boom' });
    expect(seen).toEqual(['2026-03-01T08:00:00.000Z']);
    expect(errors).toHaveLength(1);
  });

  it('never overlaps ticks: a tick asked for during one joins it', async () => {
    let release: () => void = () => {};
    let runs = 0;
    const slow: DueJob = {
      name: 'slow',
      runDue: () =>
        new Promise<number>((resolve) => {
          runs += 1;
          release = () => resolve(1);
        }),
    };
    const scheduler = new Scheduler([slow], { error() {} });
    const first = scheduler.tick(new Date(0));
    const second = scheduler.tick(new Date(1000));
    expect(second).toBe(first);
    release();
    await first;
    expect(runs).toBe(1);
    const third = scheduler.tick(new Date(2000));
    expect(third).not.toBe(first);
    release();
    expect((await third).at).toEqual(new Date(2000));
    expect(runs).toBe(2);
  });
});
