import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, restartDelay } from '../../src/cli/shard-launcher.ts';
import { parseShardPlan } from '../../src/cli/shard-options.ts';

describe('parseShardPlan (--shard I --shards N)', () => {
  it('runs the whole bot, one shard, or a launcher of N', () => {
    expect(parseShardPlan({})).toEqual({ ok: true, plan: { kind: 'single' } });
    expect(parseShardPlan({ shard: '2', shards: '3' })).toEqual({
      ok: true,
      plan: { kind: 'shard', shard: { id: 2, count: 3 } },
    });
    expect(parseShardPlan({ shards: '3' })).toEqual({ ok: true, plan: { kind: 'launcher', count: 3 } });
  });

  it.for([
    [{ shard: '0' }, /^--shard needs --shards/],
    [{ shards: '0' }, /^--shards must be a whole number from 1 to 4096 \(got "0"\)/],
    [{ shards: '-1' }, /^--shards must be/],
    [{ shards: '2.5' }, /^--shards must be/],
    [{ shards: ' 2' }, /^--shards must be/],
    [{ shards: '1e3' }, /^--shards must be/],
    [{ shards: '99999999999999999999' }, /^--shards must be/],
    [{ shards: '65' }, /^--shards without --shard runs that many processes on this machine: at most 64/],
    [{ shard: '3', shards: '3' }, /^--shard must be a whole number from 0 to 2 with --shards 3 \(got "3"\)/],
    [{ shard: 'one', shards: '3' }, /^--shard must be/],
    [{ shard: '', shards: '3' }, /^--shard must be/],
  ] as const)('refuses %o, naming the option', ([raw, message]) => {
    const result = parseShardPlan(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('accepts a shard of a large bot spread over machines', () => {
    expect(parseShardPlan({ shard: '4095', shards: '4096' }).ok).toBe(true);
  });
});

describe('restartDelay', () => {
  it('doubles per quick crash up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => restartDelay(n, DEFAULT_BACKOFF))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(restartDelay(7, DEFAULT_BACKOFF)).toBe(60_000);
    expect(restartDelay(10_000, DEFAULT_BACKOFF)).toBe(60_000);
  });
});
