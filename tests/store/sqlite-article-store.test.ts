import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import { StoreError } from '../../src/core/errors.ts';
import { toFtsMatch, toFtsPhrases } from '../../src/store/sqlite/fts-query.ts';
import { LATEST_VERSION, MIGRATIONS, migrate, userVersion } from '../../src/store/sqlite/migrations.ts';
import { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';
import { prepareStatements } from '../../src/store/sqlite/statements.ts';
import { describeArticleStoreContract } from './article-store.contract.ts';
import { preparedArticle } from './prepared-article.ts';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'briefing-store-'));
}

describeArticleStoreContract('SqliteArticleStore (file)', async ({ clock }) => {
  const dir = tempDir();
  const file = path.join(dir, 'store.db');
  const opened: SqliteArticleStore[] = [];
  const open = () => {
    const store = SqliteArticleStore.open({ path: file, clock });
    opened.push(store);
    return store;
  };
  return {
    store: open(),
    reopen: async () => open(),
    cleanup: async () => {
      for (const store of opened) await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describeArticleStoreContract('SqliteArticleStore (:memory:)', async ({ clock }) => {
  const store = SqliteArticleStore.open({ path: ':memory:', clock });
  return { store, cleanup: () => store.close() };
});

describe('SqliteArticleStore on SQLite', () => {
  let dir: string;
  let file: string;
  const clock = new FakeClock();

  beforeEach(() => {
    dir = tempDir();
    file = path.join(dir, 'store.db');
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function inspect<T>(fn: (db: Database.Database) => T): T {
    const db = new Database(file);
    try {
      return fn(db);
    } finally {
      db.close();
    }
  }

  it('migrates an empty database to the latest version, and reopening applies nothing', async () => {
    const store = SqliteArticleStore.open({ path: file, clock });
    await store.addArticle('t', preparedArticle('One', ['A sentence.']));
    await store.close();
    inspect((db) => {
      expect(userVersion(db)).toBe(LATEST_VERSION);
      const tables = db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .all()
        .map((r) => r.name);
      expect(tables).toEqual(
        expect.arrayContaining([
          'articles',
          'passages',
          'search_indexes',
          'passage_index_1',
          'article_actors',
        ]),
      );
      expect(tables).not.toContain('passages_fts');
      expect(tables).toEqual(expect.arrayContaining(['registry_actors', 'conversations']));
      expect(migrate(db)).toEqual([]);
    });
    const again = SqliteArticleStore.open({ path: file, clock });
    expect(await again.countArticles('t')).toBe(1);
    await again.close();
  });

  it('applies only the missing steps to an older database', () => {
    inspect((db) => {
      const v1 = MIGRATIONS.slice(0, 1);
      expect(migrate(db, v1)).toEqual([1]);
      const v2 = [...v1, { version: 2, name: 'test step', sql: 'CREATE TABLE extra (x INTEGER);' }];
      expect(migrate(db, v2)).toEqual([2]);
      expect(migrate(db, v2)).toEqual([]);
      expect(userVersion(db)).toBe(2);
    });
  });

  it('rolls back a failing step and keeps the previous version', () => {
    inspect((db) => {
      const broken = [
        ...MIGRATIONS,
        { version: LATEST_VERSION + 1, name: 'broken', sql: 'CREATE TABLE half (x); SELECT * FROM missing;' },
      ];
      expect(() => migrate(db, broken)).toThrow(StoreError);
      expect(userVersion(db)).toBe(LATEST_VERSION);
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'half'").get()).toEqual({
        n: 0,
      });
    });
  });

  it('refuses a database from a newer version', () => {
    inspect((db) => db.pragma(`user_version = ${LATEST_VERSION + 1}`));
    expect(() => SqliteArticleStore.open({ path: file, clock })).toThrow(/newer than this build supports/);
    expect(() => SqliteArticleStore.open({ path: file, clock })).toThrow(StoreError);
  });

  it('runs in WAL mode with foreign keys on', async () => {
    const store = SqliteArticleStore.open({ path: file, clock });
    await store.addArticle('t', preparedArticle('One', ['A sentence.']));
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    await store.close();
    inspect((db) => expect(db.pragma('journal_mode', { simple: true })).toBe('wal'));
  });

  it('keeps the duplicate check across two connections to one file', async () => {
    const one = SqliteArticleStore.open({ path: file, clock });
    const two = SqliteArticleStore.open({ path: file, clock });
    const article = preparedArticle('Shared', ['Written through one connection.']);
    const added = await one.addArticle('t', article);
    expect(await two.addArticle('t', article)).toEqual({ status: 'duplicate', article: added.article });
    expect(await two.searchPassages('t', { terms: ['connection'], limit: 5 })).toHaveLength(1);
    await one.close();
    await two.close();
  });

  it('removes FTS rows with the article', async () => {
    const store = SqliteArticleStore.open({ path: file, clock });
    const added = await store.addArticle('t', preparedArticle('One', ['Zeppelins fly.', 'Blimps float.']));
    await store.removeArticle('t', added.article.id);
    await store.close();
    inspect((db) => {
      // 'integrity-check' checks the index's structure and throws on any inconsistency.
      db.prepare("INSERT INTO passage_index_1 (passage_index_1) VALUES ('integrity-check')").run();
      for (const token of ['zeppelin', 'blimp', 'fly']) {
        expect(
          db.prepare('SELECT count(*) AS n FROM passage_index_1 WHERE passage_index_1 MATCH ?').get(token),
        ).toEqual({ n: 0 });
      }
      expect(db.prepare('SELECT passages FROM search_indexes').get()).toEqual({ passages: 0 });
      for (const table of ['passages', 'article_actors', 'registry_actors']) {
        expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
      }
    });
  });

  it('wraps driver errors in StoreError with the cause, and closing twice is harmless', async () => {
    const store = SqliteArticleStore.open({ path: ':memory:', clock });
    await expect(store.listArticles('t', { since: 'not a date' })).rejects.toBeInstanceOf(StoreError);
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
  });

  it('reports a file it cannot open as StoreError', () => {
    expect(() => SqliteArticleStore.open({ path: path.join(dir, 'missing', 'x.db'), clock })).toThrow(
      StoreError,
    );
  });
});

describe('toFtsMatch', () => {
  it('makes each term a quoted phrase of its search tokens and ORs them', () => {
    expect(toFtsMatch(['protests', 'NEAR(', 'a"b', 'Tony Blair’s'])).toBe(
      '"protest" OR "near" OR "a b" OR "toni blair"',
    );
  });

  it('drops empty and punctuation-only words, and duplicates', () => {
    expect(toFtsMatch(['', '  ', '"', '*', '-'])).toBeUndefined();
    expect(toFtsMatch(['*', 'café', 'CAFE'])).toBe('"cafe"');
  });

  it('bounds the phrases of a query and the tokens of a phrase', () => {
    const many = Array.from({ length: 100 }, (_, i) => `word${i}`);
    expect(toFtsPhrases(many)).toHaveLength(16);
    expect(toFtsPhrases(['alpha beta gamma delta epsilon zeta eta theta iota kappa'])).toEqual([
      '"alpha beta gamma delta epsilon zeta eta theta"',
    ]);
  });

  it("keeps a name's function words out of its query: a NEAR group of the other words, the ends dropped", () => {
    expect(toFtsPhrases(['Institute for the Future', 'Bank of England', 'The Hague'])).toEqual([
      'NEAR("institut" "futur", 2)',
      'NEAR("bank" "england", 1)',
      '"hagu"',
    ]);
    // Letters of an abbreviation and names of function words only stay phrases.
    expect(toFtsPhrases(['U.S.', 'The Who', 'New York'])).toEqual(['"u s"', '"the who"', '"new york"']);
  });
});

describe('registry member queries', () => {
  const planOf = (db: Database.Database, sql: string) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ tenant: 't', id: 1, limit: 6 }) as { detail: string }[])
      .map((r) => r.detail)
      .join('\n');

  it("reads an actor's quoted members from their partial index and its members in order, without a sort", () => {
    const db = new Database(':memory:');
    try {
      migrate(db);
      const s = prepareStatements(db);
      // An actor quoted rarely or never would otherwise be read row by row until the limit.
      expect(planOf(db, s.registryQuotedMembers.source)).toMatch(
        /SEARCH article_actors USING INDEX article_actors_registry_quoted \(registry_id=\?\)/,
      );
      const all = planOf(db, s.registryMembers.source);
      expect(all).toMatch(/SEARCH article_actors USING INDEX article_actors_registry \(registry_id=\?\)/);
      expect(all).not.toMatch(/USE TEMP B-TREE/);
    } finally {
      db.close();
    }
  });
});
