import { randomUUID } from 'node:crypto';
import { Keyv, type KeyvStoreAdapter } from 'keyv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** One backing storage (a SQLite file, a Redis database) that several adapters can be opened onto. */
export interface KeyvStoreBackend {
  /** A new adapter instance on the shared storage; keyv needs one per namespace (it writes the namespace onto it). */
  open(): KeyvStoreAdapter;
  /** Lets `ms` of store time pass (a fake clock for SQLite, a real wait for Redis). */
  elapse(ms: number): Promise<void>;
  /** TTL the expiry tests use: long with a fake clock, short (tens of ms) with a real one. */
  ttlMs: number;
  /** Disconnects every adapter opened and removes the storage if it is private to the test. */
  cleanup(): Promise<void>;
}

/**
 * The keyv store contract every cache backend must pass, exercised through a real `Keyv`
 * (`new Keyv({ store, namespace })`) the way the application uses it. Namespaces are unique per
 * run, and everything written is cleared afterwards, so it can run against a shared Redis.
 */
export function describeKeyvStoreContract(name: string, makeBackend: () => Promise<KeyvStoreBackend>): void {
  describe(`keyv store contract: ${name}`, () => {
    let backend: KeyvStoreBackend;
    let run: string;
    const opened: Keyv[] = [];
    const keyvFor = (namespace: string): Keyv => {
      const keyv = new Keyv({ store: backend.open(), namespace: `${run}-${namespace}`, throwOnErrors: true });
      opened.push(keyv);
      return keyv;
    };

    beforeEach(async () => {
      backend = await makeBackend();
      run = `contract-${randomUUID().slice(0, 8)}`;
    });

    afterEach(async () => {
      for (const keyv of opened.splice(0)) await keyv.clear();
      await backend.cleanup();
    });

    it('round-trips JSON values and misses unknown keys', async () => {
      const keyv = keyvFor('a');
      const value = {
        title: 'Talks resume',
        score: 0.75,
        tags: ['eu', 'trade'],
        nested: { ok: true, none: null },
      };
      expect(await keyv.set('k1', value)).toBe(true);
      expect(await keyv.get('k1')).toEqual(value);
      expect(await keyv.get('missing')).toBeUndefined();
    });

    it('overwrites an existing key', async () => {
      const keyv = keyvFor('a');
      await keyv.set('k', 'first');
      await keyv.set('k', 'second');
      expect(await keyv.get('k')).toBe('second');
    });

    it('deletes one key and reports whether it existed', async () => {
      const keyv = keyvFor('a');
      await keyv.set('k', 1);
      await keyv.set('other', 2);
      expect(await keyv.delete('k')).toBe(true);
      expect(await keyv.get('k')).toBeUndefined();
      expect(await keyv.delete('k')).toBe(false);
      expect(await keyv.get('other')).toBe(2);
    });

    it('answers has for present and absent keys', async () => {
      const keyv = keyvFor('a');
      await keyv.set('k', false);
      expect(await keyv.has('k')).toBe(true);
      expect(await keyv.has('nope')).toBe(false);
    });

    it('gets many keys in order, undefined for missing ones', async () => {
      const keyv = keyvFor('a');
      await keyv.set('x', 'X');
      await keyv.set('z', { z: 26 });
      expect(await keyv.getMany(['x', 'y', 'z'])).toEqual(['X', undefined, { z: 26 }]);
      expect(await keyv.getMany([])).toEqual([]);
    });

    it('deletes many keys', async () => {
      const keyv = keyvFor('a');
      await keyv.set('x', 1);
      await keyv.set('y', 2);
      await keyv.set('z', 3);
      expect(await keyv.deleteMany(['x', 'y'])).toBe(true);
      expect(await keyv.getMany(['x', 'y', 'z'])).toEqual([undefined, undefined, 3]);
    });

    it('keeps namespaces apart: same key, separate values, clear is scoped', async () => {
      const analyse = keyvFor('analyse');
      const brief = keyvFor('brief');
      await analyse.set('same', 'from analyse');
      await brief.set('same', 'from brief');
      expect(await analyse.get('same')).toBe('from analyse');
      expect(await brief.get('same')).toBe('from brief');
      await analyse.clear();
      expect(await analyse.get('same')).toBeUndefined();
      expect(await brief.get('same')).toBe('from brief');
    });

    it('expires entries after their TTL, and keeps entries without one', async () => {
      const keyv = keyvFor('ttl');
      await keyv.set('short', 'soon gone', backend.ttlMs);
      await keyv.set('forever', 'stays');
      expect(await keyv.get('short')).toBe('soon gone');
      await backend.elapse(backend.ttlMs * 2 + 20);
      expect(await keyv.get('short')).toBeUndefined();
      expect(await keyv.has('short')).toBe(false);
      expect(await keyv.getMany(['short', 'forever'])).toEqual([undefined, 'stays']);
    });

    it('resets the TTL when a key is overwritten without one', async () => {
      const keyv = keyvFor('ttl');
      await keyv.set('k', 'v1', backend.ttlMs);
      await keyv.set('k', 'v2');
      await backend.elapse(backend.ttlMs * 2 + 20);
      expect(await keyv.get('k')).toBe('v2');
    });

    it('stores a ~1 MB value', async () => {
      const keyv = keyvFor('large');
      const paragraphs = Array.from(
        { length: 2048 },
        (_, i) => `${i}: ${'lorem ipsum dolor sit amet '.repeat(18)}`,
      );
      const value = { paragraphs };
      expect(JSON.stringify(value).length).toBeGreaterThan(1_000_000);
      await keyv.set('big', value);
      expect(await keyv.get('big')).toEqual(value);
    });

    it('round-trips unicode keys and values', async () => {
      const keyv = keyvFor('unicode');
      const key = 'Zürich–東京–🦊–é';
      const value = { text: 'Łódź, Αθήνα, القاهرة, 👩🏽‍💻, e\u0301, \u2028 line sep', quote: '"\\' };
      await keyv.set(key, value);
      expect(await keyv.get(key)).toEqual(value);
      expect(await keyv.get('Zürich–東京–🦊–e\u0301')).toBeUndefined();
    });
  });
}
