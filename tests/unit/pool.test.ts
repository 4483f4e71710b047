import { describe, expect, it } from 'vitest';
import { inPool } from '../../src/core/pool.ts';

/** A promise the test settles by hand, so nothing here depends on timing. */
function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('inPool', () => {
  it('never runs more than the limit at once and returns results in item order', async () => {
    const gates = Array.from({ length: 7 }, deferred);
    let running = 0;
    let most = 0;
    const done = inPool([0, 1, 2, 3, 4, 5, 6], 3, async (i) => {
      running++;
      most = Math.max(most, running);
      await gates[i]!.promise;
      running--;
      return i * 10;
    });
    await flush();
    expect(running).toBe(3);
    // Finish out of order: the next items start as slots free.
    for (const i of [2, 0, 1, 5, 3, 6, 4]) {
      gates[i]!.resolve();
      await flush();
    }
    expect(await done).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(most).toBe(3);
  });

  it('on a fault starts nothing new, waits for the items already running, then throws', async () => {
    const gate = deferred();
    const started: number[] = [];
    let finished = 0;
    let settled = false;
    const done = inPool([0, 1, 2, 3, 4], 2, async (i) => {
      started.push(i);
      if (i === 0) throw new Error('boom');
      await gate.promise;
      finished++;
    }).finally(() => {
      settled = true;
    });
    const outcome = expect(done).rejects.toThrow('boom');
    await flush();
    expect(started).toEqual([0, 1]);
    expect(settled).toBe(false);
    gate.resolve();
    await outcome;
    expect(started).toEqual([0, 1]);
    expect(finished).toBe(1);
  });

  it('handles no items', async () => {
    expect(await inPool([], 4, async () => 1)).toEqual([]);
  });
});
