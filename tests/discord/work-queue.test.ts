import { describe, expect, it } from 'vitest';
import { WorkQueue } from '../../src/transports/discord/work-queue.ts';

describe('WorkQueue', () => {
  it('runs at most `concurrency` jobs at once, in arrival order, and passes results and errors through', async () => {
    const queue = new WorkQueue(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const job = (n: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      order.push(n);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      if (n === 3) throw new Error('job 3 failed');
      return n * 10;
    };
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => queue.run(job(n))));
    expect(peak).toBe(2);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      10,
      20,
      'job 3 failed',
      40,
      50,
    ]);
    expect(queue.queued).toBe(0);
  });

  it('never starts a job in the turn it was queued, so due I/O callbacks run first', async () => {
    const queue = new WorkQueue(1);
    let started = false;
    const running = queue.run(async () => {
      started = true;
    });
    // Microtasks (what an `await` after deferReply would run) are not enough to start it.
    for (let i = 0; i < 10; i++) await Promise.resolve();
    expect(started).toBe(false);
    await running;
    expect(started).toBe(true);
  });

  it('clamps concurrency to a whole number of at least 1, so a queue of 0 still runs its jobs', async () => {
    expect([0, -3, 1.7, 2.2, Number.NaN].map((n) => new WorkQueue(n).concurrency)).toEqual([1, 1, 1, 2, 1]);
    for (const concurrency of [0, -1, 0.5]) {
      const queue = new WorkQueue(concurrency);
      let running = 0;
      let peak = 0;
      const job = async (n: number) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 2));
        running--;
        return n;
      };
      await expect(Promise.all([1, 2, 3].map((n) => queue.run(() => job(n))))).resolves.toEqual([1, 2, 3]);
      expect(peak).toBe(1);
    }
  });
});
