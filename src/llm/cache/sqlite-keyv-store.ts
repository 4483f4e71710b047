import { EventEmitter } from 'node:events';
import Database from 'better-sqlite3';
import type { KeyvStoreAdapter } from 'keyv';
import { type Clock, systemClock } from '../../core/clock.ts';

/** Options of {@link SqliteKeyvStore}. */
export interface SqliteKeyvStoreOptions {
  /** Database file (its own, e.g. `<data-dir>/cache.db`), or ':memory:'. */
  path: string;
  /** Where time comes from (retry windows, expiry); default the system clock. Injected so tests need no sleeping. */
  clock?: Clock | undefined;
  /** How often expired rows are deleted in the background; default 10 minutes, 0 disables. */
  sweepIntervalMs?: number | undefined;
  /** Also sweep after this many writes, so a busy cache stays small between timer ticks; default 1000, 0 disables. */
  sweepEveryWrites?: number | undefined;
  /**
   * How long a statement waits for another process's lock. better-sqlite3 waits synchronously,
   * blocking the event loop, so this stays short: a cache that is busy is better skipped than waited for.
   * Default 50 ms.
   */
  busyTimeoutMs?: number | undefined;
}

interface Row {
  value: string;
}

/**
 * keyv 5 store adapter on one better-sqlite3 file: WAL, one table, prepared statements. Keys arrive
 * already prefixed by keyv (`namespace:key`); the adapter's own `namespace` (which keyv assigns)
 * only scopes `clear()`, as in @keyv/sqlite. Expired rows are never returned and are deleted by
 * periodic sweeps rather than on read, so reads stay read-only.
 */
export class SqliteKeyvStore extends EventEmitter implements KeyvStoreAdapter {
  /** Set by keyv from its `namespace` option; scopes `clear()`. */
  namespace?: string | undefined;
  readonly opts: { path: string; dialect: 'better-sqlite3' };
  private db: Database.Database | undefined;
  private readonly now: () => number;
  private readonly sweepEveryWrites: number;
  private writesSinceSweep = 0;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly statements: ReturnType<typeof prepare>;

  constructor(options: SqliteKeyvStoreOptions) {
    super();
    this.opts = { path: options.path, dialect: 'better-sqlite3' };
    const clock = options.clock ?? systemClock;
    this.now = () => clock.now().getTime();
    this.sweepEveryWrites = Math.max(0, Math.floor(options.sweepEveryWrites ?? 1000));
    const db = new Database(options.path);
    try {
      db.pragma('journal_mode = WAL');
      // NORMAL is durable across application crashes in WAL mode; losing the last writes to an OS crash
      // only costs recomputation in a cache.
      db.pragma('synchronous = NORMAL');
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 50))}`);
      db.exec(`
        CREATE TABLE IF NOT EXISTS keyv_cache (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL,
          expires_at INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS keyv_cache_expires_at ON keyv_cache (expires_at) WHERE expires_at IS NOT NULL;
      `);
      this.statements = prepare(db);
    } catch (error) {
      db.close();
      throw error;
    }
    this.db = db;
    const interval = options.sweepIntervalMs ?? 10 * 60_000;
    if (interval > 0) {
      this.timer = setInterval(() => this.sweepQuietly(), interval);
      // A cache sweep must never keep the process alive.
      this.timer.unref();
    }
  }

  /** Stored string for the key, or undefined when absent or expired. */
  async get<Value>(key: string): Promise<Value | undefined> {
    const row = this.stmts().get.get(key, this.now());
    return row?.value as Value | undefined;
  }

  /** Values for the keys, in order; undefined for absent or expired ones. */
  async getMany<Value>(keys: string[]): Promise<Array<Value | undefined>> {
    if (keys.length === 0) return [];
    const rows = this.stmts().getMany.all(JSON.stringify(keys), this.now());
    const byKey = new Map(rows.map((row) => [row.key, row.value]));
    return keys.map((key) => byKey.get(key) as Value | undefined);
  }

  /** Stores keyv's serialised string; `ttl` in milliseconds, absent or 0 for no expiry. */
  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    if (typeof value !== 'string') {
      throw new TypeError('SqliteKeyvStore stores strings: use it through keyv (which serialises values)');
    }
    const expiresAt = typeof ttl === 'number' && ttl > 0 ? this.now() + ttl : null;
    this.stmts().set.run(key, value, expiresAt);
    this.countWrite();
    return true;
  }

  /** Stores several entries in one transaction. */
  async setMany(entries: Array<{ key: string; value: unknown; ttl?: number }>): Promise<void> {
    const db = this.open();
    db.transaction(() => {
      for (const entry of entries) {
        if (typeof entry.value !== 'string') throw new TypeError('SqliteKeyvStore stores strings');
        const expiresAt = typeof entry.ttl === 'number' && entry.ttl > 0 ? this.now() + entry.ttl : null;
        this.statements.set.run(entry.key, entry.value, expiresAt);
      }
    })();
    this.countWrite(entries.length);
  }

  /** True when a live entry was removed. */
  async delete(key: string): Promise<boolean> {
    return this.stmts().delete.run(key, this.now()).changes > 0;
  }

  /** True when at least one live entry was removed. */
  async deleteMany(keys: string[]): Promise<boolean> {
    if (keys.length === 0) return false;
    return this.stmts().deleteMany.run(JSON.stringify(keys), this.now()).changes > 0;
  }

  /** True for a live entry. */
  async has(key: string): Promise<boolean> {
    return this.stmts().has.get(key, this.now()) !== undefined;
  }

  /** Live-entry flags for the keys, in order. */
  async hasMany(keys: string[]): Promise<boolean[]> {
    const values = await this.getMany(keys);
    return values.map((value) => value !== undefined);
  }

  /** Deletes the entries of this adapter's namespace (keyv's `namespace:` prefix), or all when it has none. */
  async clear(): Promise<void> {
    if (this.namespace) {
      const prefix = `${this.namespace}:`;
      this.stmts().clearPrefix.run(prefix.length, prefix);
    } else {
      this.stmts().clearAll.run();
    }
  }

  /** Physically deletes expired rows now; returns how many. */
  sweep(): number {
    this.writesSinceSweep = 0;
    return this.stmts().sweep.run(this.now()).changes;
  }

  /** Stops the sweep timer and closes the database; idempotent. */
  async disconnect(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    const db = this.db;
    this.db = undefined;
    db?.close();
  }

  private countWrite(count = 1): void {
    if (this.sweepEveryWrites === 0) return;
    this.writesSinceSweep += count;
    if (this.writesSinceSweep >= this.sweepEveryWrites) this.sweepQuietly();
  }

  private sweepQuietly(): void {
    try {
      if (this.db) this.sweep();
    } catch (error) {
      // A failed sweep (say, another process holds the lock) is retried next time; keyv forwards this.
      this.emit('error', error);
    }
  }

  private open(): Database.Database {
    if (!this.db) throw new Error('SqliteKeyvStore is disconnected');
    return this.db;
  }

  private stmts(): ReturnType<typeof prepare> {
    this.open();
    return this.statements;
  }
}

/** Every statement the adapter runs, prepared once. */
function prepare(db: Database.Database) {
  // Unexpired means: no expiry, or an expiry still in the future; the same test everywhere a row is read.
  const live = '(expires_at IS NULL OR expires_at > ?)';
  return {
    get: db.prepare<[string, number], Row>(`SELECT value FROM keyv_cache WHERE key = ? AND ${live}`),
    getMany: db.prepare<[string, number], Row & { key: string }>(
      `SELECT key, value FROM keyv_cache WHERE key IN (SELECT value FROM json_each(?)) AND ${live}`,
    ),
    has: db.prepare<[string, number], { one: number }>(
      `SELECT 1 AS one FROM keyv_cache WHERE key = ? AND ${live}`,
    ),
    set: db.prepare<[string, string, number | null]>(
      `INSERT INTO keyv_cache (key, value, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
    ),
    delete: db.prepare<[string, number]>(`DELETE FROM keyv_cache WHERE key = ? AND ${live}`),
    deleteMany: db.prepare<[string, number]>(
      `DELETE FROM keyv_cache WHERE key IN (SELECT value FROM json_each(?)) AND ${live}`,
    ),
    // substr instead of LIKE: a namespace may contain % or _, which LIKE would treat as wildcards.
    clearPrefix: db.prepare<[number, string]>('DELETE FROM keyv_cache WHERE substr(key, 1, ?) = ?'),
    clearAll: db.prepare('DELETE FROM keyv_cache'),
    sweep: db.prepare<[number]>('DELETE FROM keyv_cache WHERE expires_at IS NOT NULL AND expires_at <= ?'),
  };
}
