import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import { type ActorSuggestion, SuggestionCache } from '../../src/transports/discord/suggestion-cache.ts';

function counted(name: string) {
  let reads = 0;
  const load = async (): Promise<ActorSuggestion[]> => {
    reads++;
    return [{ name: `${name} #${reads}`, keys: [name.toLowerCase()] }];
  };
  return { load, reads: () => reads };
}

describe('SuggestionCache', () => {
  it('reads a server’s list once within the TTL, again after it, by the injected clock', async () => {
    const clock = new FakeClock();
    const cache = new SuggestionCache(clock, { ttlMs: 30_000 });
    const a = counted('A');
    expect(await cache.actors('guild-a', a.load)).toEqual([{ name: 'A #1', keys: ['a'] }]);
    clock.advance(29_999);
    expect((await cache.actors('guild-a', a.load))[0]?.name).toBe('A #1');
    expect(a.reads()).toBe(1);
    clock.advance(1);
    expect((await cache.actors('guild-a', a.load))[0]?.name).toBe('A #2');
    expect(a.reads()).toBe(2);
  });

  it('shares one read between concurrent requests', async () => {
    const cache = new SuggestionCache(new FakeClock());
    const a = counted('A');
    const [first, second] = await Promise.all([cache.actors('g', a.load), cache.actors('g', a.load)]);
    expect(first).toBe(second);
    expect(a.reads()).toBe(1);
  });

  it('never gives one server another’s entries, and keeps actors and articles apart', async () => {
    const cache = new SuggestionCache(new FakeClock());
    const a = counted('A');
    const b = counted('B');
    await cache.actors('guild-a', a.load);
    expect(await cache.actors('guild-b', b.load)).toEqual([{ name: 'B #1', keys: ['b'] }]);
    expect(await cache.actors('guild-a', b.load)).toEqual([{ name: 'A #1', keys: ['a'] }]);
    expect([a.reads(), b.reads()]).toEqual([1, 1]);
    const articles = await cache.articles('guild-a', async () => [{ id: 1, title: 'T', key: 't' }]);
    expect(articles).toEqual([{ id: 1, title: 'T', key: 't' }]);
  });

  it('forgets a server on invalidate, and only that server', async () => {
    const cache = new SuggestionCache(new FakeClock());
    const a = counted('A');
    const b = counted('B');
    await cache.actors('guild-a', a.load);
    await cache.actors('guild-b', b.load);
    cache.invalidate('guild-a');
    await cache.actors('guild-a', a.load);
    await cache.actors('guild-b', b.load);
    expect([a.reads(), b.reads()]).toEqual([2, 1]);
  });

  it('does not keep a read an invalidation overtook', async () => {
    const cache = new SuggestionCache(new FakeClock());
    let release: (rows: ActorSuggestion[]) => void = () => {};
    const stale = cache.actors('g', () => new Promise((resolve) => (release = resolve)));
    cache.invalidate('g');
    release([{ name: 'stale', keys: ['stale'] }]);
    await stale;
    expect(await cache.actors('g', async () => [{ name: 'fresh', keys: ['fresh'] }])).toEqual([
      { name: 'fresh', keys: ['fresh'] },
    ]);
  });

  it('keeps at most maxTenants servers, dropping the least recently used', async () => {
    const cache = new SuggestionCache(new FakeClock(), { maxTenants: 2 });
    const loads = { a: counted('A'), b: counted('B'), c: counted('C') };
    await cache.actors('a', loads.a.load);
    await cache.actors('b', loads.b.load);
    await cache.actors('a', loads.a.load); // a is now the most recent
    await cache.actors('c', loads.c.load); // drops b
    expect(cache.size).toBe(2);
    await cache.actors('a', loads.a.load);
    await cache.actors('b', loads.b.load);
    expect([loads.a.reads(), loads.b.reads(), loads.c.reads()]).toEqual([1, 2, 1]);
  });

  it('does not cache a failed read', async () => {
    const cache = new SuggestionCache(new FakeClock());
    await expect(cache.actors('g', () => Promise.reject(new Error('store down')))).rejects.toThrow(
      'store down',
    );
    expect(await cache.actors('g', async () => [])).toEqual([]);
  });
});
