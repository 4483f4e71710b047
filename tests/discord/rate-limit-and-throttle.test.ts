import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import { formatWait, MemoryRateLimiter } from '../../src/core/rate-limiter.ts';
import { ThrottledEditor } from '../../src/transports/discord/streaming.ts';

describe('RateLimiter', () => {
  it('allows a burst, then refuses with the wait, then refills with time', () => {
    const clock = new FakeClock();
    const limiter = new MemoryRateLimiter(clock, { capacity: 2, refillMs: 10_000 });
    expect(limiter.takeNow('g:u').allowed).toBe(true);
    expect(limiter.takeNow('g:u').allowed).toBe(true);
    expect(limiter.takeNow('g:u')).toEqual({ allowed: false, retryAfterMs: 10_000 });
    expect(limiter.takeNow('g:other').allowed).toBe(true);
    clock.advance(4_000);
    expect(limiter.takeNow('g:u')).toEqual({ allowed: false, retryAfterMs: 6_000 });
    clock.advance(6_000);
    expect(limiter.takeNow('g:u').allowed).toBe(true);
  });

  it('keeps memory bounded', () => {
    const limiter = new MemoryRateLimiter(new FakeClock(), { capacity: 1, refillMs: 1000, maxKeys: 3 });
    for (let i = 0; i < 10; i++) limiter.takeNow(`k${i}`);
    // k0 was forgotten, so it has a full bucket again.
    expect(limiter.takeNow('k0').allowed).toBe(true);
  });

  it('says waits as people do', () => {
    expect(formatWait(400)).toBe('1 second');
    expect(formatWait(12_000)).toBe('12 seconds');
    expect(formatWait(60_000)).toBe('1 minute');
    expect(formatWait(61_000)).toBe('2 minutes');
  });
});

describe('ThrottledEditor', () => {
  it('edits at once, coalesces within the interval, shows the newest text, stops on finish', async () => {
    const clock = new FakeClock();
    const shown: string[] = [];
    const timers: { run: () => void; ms: number }[] = [];
    const editor = new ThrottledEditor({
      clock,
      intervalMs: 1000,
      edit: async (t) => {
        shown.push(t);
      },
      setTimer: (run, ms) => {
        const timer = { run, ms };
        timers.push(timer);
        return () => timers.splice(timers.indexOf(timer), 1);
      },
    });
    editor.push('a');
    editor.push('ab');
    editor.push('abc');
    expect(timers.map((t) => t.ms)).toEqual([1000]);
    clock.advance(1000);
    timers.shift()!.run();
    editor.push('abcd');
    expect(timers).toHaveLength(1);
    await editor.finish();
    expect(timers).toHaveLength(0);
    expect(shown).toEqual(['a', 'abc']);
    editor.push('late');
    expect(shown).toEqual(['a', 'abc']);
  });
});
