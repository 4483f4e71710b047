import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Keyv } from 'keyv';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import { SqliteKeyvStore } from '../../src/llm/cache/sqlite-keyv-store.ts';
import { describeKeyvStoreContract } from './keyv-store.contract.ts';

function tempFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'briefing-cache-')), 'cache.db');
}

/** A store clock that stands still until moved. */
function fakeNow(start = '2026-01-01T00:00:00Z') {
  return new FakeClock(new Date(start));
}

describeKeyvStoreContract('SqliteKeyvStore (temp file)', async () => {
  const file = tempFile();
  const clock = fakeNow();
  const stores: SqliteKeyvStore[] = [];
  return {
    open: () => {
      const store = new SqliteKeyvStore({ path: file, clock });
      stores.push(store);
      return store;
    },
    elapse: async (ms) => clock.advance(ms),
    // Longer than any test runs: keyv's own expiry check uses the real clock and must not fire first.
    ttlMs: 60_000,
    cleanup: async () => {
      for (const store of stores) await store.disconnect();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    },
  };
});

describe('SqliteKeyvStore', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function open(options: Partial<ConstructorParameters<typeof SqliteKeyvStore>[0]> = {}) {
    const file = tempFile();
    const store = new SqliteKeyvStore({ path: file, ...options });
    cleanups.push(() => fs.rmSync(path.dirname(file), { recursive: true, force: true }));
    cleanups.push(() => store.disconnect());
    return { store, file };
  }

  function rowCount(file: string): number {
    const db = new Database(file, { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM keyv_cache').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }

  it('uses WAL with synchronous=NORMAL, one table and an expires_at index', () => {
    const { file } = open();
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const indexes = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'keyv_cache'")
        .all();
      expect(indexes).toContainEqual({ name: 'keyv_cache_expires_at' });
    } finally {
      db.close();
    }
  });

  it('physically deletes expired rows when swept', async () => {
    const clock = fakeNow();
    const { store, file } = open({ clock, sweepIntervalMs: 0, sweepEveryWrites: 0 });
    await store.set('a', '"1"', 1000);
    await store.set('b', '"2"', 5000);
    await store.set('c', '"3"');
    clock.advance(2000);
    expect(await store.get('a')).toBeUndefined();
    expect(rowCount(file)).toBe(3);
    expect(store.sweep()).toBe(1);
    expect(rowCount(file)).toBe(2);
    expect(await store.get('b')).toBe('"2"');
  });

  it('sweeps every N writes without being asked', async () => {
    const clock = fakeNow();
    const { store, file } = open({ clock, sweepIntervalMs: 0, sweepEveryWrites: 3 });
    await store.set('old1', '1', 10);
    await store.set('old2', '1', 10);
    clock.advance(11);
    expect(rowCount(file)).toBe(2);
    await store.set('new', '1');
    expect(rowCount(file)).toBe(1);
  });

  it('sweeps on its interval timer', async () => {
    const { store, file } = open({ sweepIntervalMs: 20, sweepEveryWrites: 0 });
    await store.set('gone', '1', 1);
    await store.set('kept', '1');
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(rowCount(file)).toBe(1);
    expect(await store.get('kept')).toBe('1');
  });

  it('clears everything when keyv gave it no namespace, only its namespace otherwise', async () => {
    const { store } = open();
    const plain = new Keyv({ store, namespace: 'one' });
    await plain.set('k', 1);
    await store.set('two:k', '{"value":2}');
    await plain.clear();
    expect(await store.get('two:k')).toBe('{"value":2}');
    store.namespace = undefined;
    await store.clear();
    expect(await store.get('two:k')).toBeUndefined();
  });

  it('does not treat LIKE wildcards in a namespace as wildcards', async () => {
    const { store } = open();
    await store.set('a_b:k', '1');
    await store.set('axb:k', '1');
    store.namespace = 'a_b';
    await store.clear();
    expect(await store.has('a_b:k')).toBe(false);
    expect(await store.has('axb:k')).toBe(true);
  });

  it('survives reopening the file', async () => {
    const { store, file } = open();
    await store.set('k', '"v"');
    await store.disconnect();
    const again = new SqliteKeyvStore({ path: file });
    cleanups.push(() => again.disconnect());
    expect(await again.get('k')).toBe('"v"');
  });

  it('rejects operations after disconnect, and disconnect is idempotent', async () => {
    const { store } = open();
    await store.disconnect();
    await store.disconnect();
    await expect(store.get('k')).rejects.toThrow(/disconnected/);
  });

  it('works on :memory:', async () => {
    const store = new SqliteKeyvStore({ path: ':memory:' });
    cleanups.push(() => store.disconnect());
    const keyv = new Keyv({ store, namespace: 'mem' });
    await keyv.set('k', { a: 1 });
    expect(await keyv.get('k')).toEqual({ a: 1 });
  });
});
