import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src/commands/dispatcher.ts';
import { storeFault } from '../../src/commands/messages.ts';
import { COMMANDS } from '../../src/commands/registry.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { StoreError } from '../../src/core/errors.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { OfflineEngine } from '../../src/llm/offline/offline-engine.ts';
import { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';
import { faultKind, toStoreError } from '../../src/store/sqlite/sqlite-errors.ts';
import { storeServices } from '../../src/store/store-services.ts';
import { preparedArticle } from './prepared-article.ts';

const clock = new FakeClock(new Date('2026-01-01T00:00:00Z'));

/** The error a real SQLite connection throws for `run`. */
function sqliteErrorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected SQLite to fail');
}

describe('SQLite faults become StoreErrors that say what to do', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefing-faults-'));
    file = path.join(dir, 'briefing.db');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function storeWithArticles(n: number): Promise<void> {
    const store = SqliteArticleStore.open({ path: file, clock });
    for (let i = 0; i < n; i++) {
      await store.addArticle(
        't',
        preparedArticle(`Article ${i}`, [`Sentence number ${i} is about Minsk. `.repeat(40)]),
      );
    }
    await store.close();
  }

  it('maps a full database (SQLITE_FULL) to "full"', () => {
    const db = new Database(path.join(dir, 'small.db'));
    db.exec('CREATE TABLE t (x TEXT)');
    db.pragma('max_page_count = 3');
    const error = sqliteErrorOf(() => {
      for (let i = 0; i < 100; i++) db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(4000));
    });
    db.close();
    expect((error as { code?: string }).code).toBe('SQLITE_FULL');
    expect(faultKind(error)).toBe('full');
    expect(storeFault(toStoreError('add failed', error).kind)).toMatch(/full: free some space/);
  });

  it('maps a read-only connection (SQLITE_READONLY) to "read-only"', async () => {
    await storeWithArticles(1);
    const db = new Database(file, { readonly: true });
    const error = sqliteErrorOf(() => db.exec("INSERT INTO conversations VALUES ('t', 'x', '{}', 'now', 1)"));
    db.close();
    expect(faultKind(error)).toBe('read-only');
    expect(storeFault('read-only')).toMatch(/check the permissions/);
  });

  it('reports a file that is not a database as "not-a-database" when opening it', () => {
    fs.writeFileSync(file, 'these are not the bytes of a SQLite database, just some text '.repeat(200));
    const error = sqliteErrorOf(() => SqliteArticleStore.open({ path: file, clock }));
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ kind: 'not-a-database', path: file });
  });

  it('reports a damaged database (SQLITE_CORRUPT) as "corrupt" on the operation that meets the damage', async () => {
    await storeWithArticles(30);
    // Overwrite every page after the first two (the header and schema stay readable).
    const bytes = fs.readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    for (let at = 2 * pageSize; at < bytes.length; at += 1) bytes[at] = (at * 7) & 0xff;
    fs.writeFileSync(file, bytes);
    let error: unknown;
    try {
      const store = SqliteArticleStore.open({ path: file, clock });
      try {
        await store.listArticles('t');
        await store.searchPassages('t', { terms: ['minsk'], limit: 10 });
      } finally {
        await store.close();
      }
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).kind).toMatch(/^(corrupt|not-a-database)$/);
    expect(storeFault((error as StoreError).kind)).toMatch(/restore .* from a backup/);
  });

  it('retries a write that finds the database locked, and succeeds once the lock is released', async () => {
    const store = SqliteArticleStore.open({ path: file, clock, busyTimeoutMs: 0 });
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    const adding = store.addArticle(
      't',
      preparedArticle('Locked', ['Written after the other process commits.']),
    );
    // Released while the store is between retries, like a second ingest finishing its transaction.
    setTimeout(() => other.exec('COMMIT'), 150);
    await expect(adding).resolves.toMatchObject({ status: 'added' });
    other.close();
    await store.close();
  });

  it('answers a command that meets a storage fault with its cause and remedy, not "Something went wrong"', async () => {
    const store = SqliteArticleStore.open({ path: file, clock, busyTimeoutMs: 0 });
    const services = {
      ...storeServices(store.backend(), { engine: new OfflineEngine(), clock, logger: silentLogger }),
    };
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    const reply = await new Dispatcher({ commands: COMMANDS, services }).dispatch(
      {
        trigger: 'shell',
        name: 'article',
        subcommand: 'add',
        options: { text: 'Vladimir Putin met Alexander Lukashenko in Sochi on Monday to discuss a loan.' },
      },
      { tenant: 't', userId: 'u', conversationId: 'c', canManage: true },
    );
    other.exec('ROLLBACK');
    other.close();
    await store.close();
    expect(reply).toMatchObject({ error: 'store-fault', body: storeFault('busy') });
  });

  it('opens a database another process holds locked while creating it, once the lock is released', async () => {
    // A second process, as when two ingests start on a new data dir: it holds the file's lock
    // past this process's busy timeout (0 here), then lets go.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const db = new D(process.argv[1]);
         db.exec('BEGIN EXCLUSIVE'); db.exec('CREATE TABLE held (x)'); console.log('locked');
         setTimeout(() => { db.exec('COMMIT'); db.close(); }, 250);`,
        file,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    const store = SqliteArticleStore.open({ path: file, clock, busyTimeoutMs: 0 });
    await expect(
      store.addArticle('t', preparedArticle('After', ['Stored once the lock is gone.'])),
    ).resolves.toMatchObject({
      status: 'added',
    });
    await store.close();
    await new Promise((resolve) => holder.once('exit', resolve));
  });

  it('gives up on a lock that is never released with a "busy" StoreError', async () => {
    const store = SqliteArticleStore.open({ path: file, clock, busyTimeoutMs: 0 });
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    await expect(store.addArticle('t', preparedArticle('Locked', ['Never written.']))).rejects.toMatchObject({
      kind: 'busy',
    });
    other.exec('ROLLBACK');
    other.close();
    await store.close();
  });
});
