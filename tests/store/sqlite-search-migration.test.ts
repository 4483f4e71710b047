import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import { LATEST_VERSION, MIGRATIONS, migrate, userVersion } from '../../src/store/sqlite/migrations.ts';
import { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';
import { emptyAnalysis, preparedArticle } from './prepared-article.ts';

/** The last schema with one FTS5 table (passages_fts) for every tenant's sentences. */
const SHARED_INDEX_VERSION = 8;

/** Sentences per tenant, each with a word no other sentence has, so every one can be searched for alone. */
const SENTENCES: Record<string, string[][]> = {
  'guild-a': [
    ['Aardvarks dug near the station on Monday.', 'The council approved the budget for badgers.'],
    ['Cormorants nested on the pier.'],
  ],
  'guild-b': [['Dromedaries crossed the desert.', 'The minister praised the café’s espresso.']],
  'guild-c': [[]],
};

/** A database at version 8 holding the articles above, written by that schema's own SQL (triggers fill passages_fts). */
function oldDatabase(file: string): void {
  const db = new Database(file);
  try {
    expect(migrate(db, MIGRATIONS.slice(0, SHARED_INDEX_VERSION))).toHaveLength(SHARED_INDEX_VERSION);
    const article = db.prepare<[string, string, string, string, string]>(
      `INSERT INTO articles (tenant, title, ingested_at, dated_at, text, content_hash, word_count, analysis_json)
       VALUES (?, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', ?, ?, 1, ?)`,
    );
    const passage = db.prepare<[string, number, number, string]>(
      'INSERT INTO passages (tenant, article_id, ordinal, paragraph, text) VALUES (?, ?, ?, 0, ?)',
    );
    for (const [tenant, articles] of Object.entries(SENTENCES)) {
      articles.forEach((sentences, i) => {
        const text = sentences.join(' ');
        const id = Number(
          article.run(tenant, `${tenant} ${i}`, text, `${tenant}-${i}`, JSON.stringify(emptyAnalysis()))
            .lastInsertRowid,
        );
        for (const [ordinal, s] of sentences.entries()) passage.run(tenant, id, ordinal, s);
      });
    }
  } finally {
    db.close();
  }
}

describe('migration 9: from one shared FTS5 table to an index per tenant', () => {
  let dir: string;
  let file: string;
  const clock = new FakeClock();

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefing-migrate-'));
    file = path.join(dir, 'store.db');
    oldDatabase(file);
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps every stored sentence searchable in its own tenant only', async () => {
    const store = SqliteArticleStore.open({ path: file, clock });
    try {
      for (const [tenant, articles] of Object.entries(SENTENCES)) {
        for (const sentence of articles.flat()) {
          // Each sentence's longest word is in no other sentence.
          const word = sentence.split(/[\s.’]+/).reduce((a, b) => (b.length > a.length ? b : a));
          const hits = await store.searchPassages(tenant, { terms: [word], limit: 10 });
          expect(
            hits.map((h) => h.text),
            `${tenant}: ${word}`,
          ).toEqual([sentence]);
          for (const other of Object.keys(SENTENCES).filter((t) => t !== tenant)) {
            expect(await store.searchPassages(other, { terms: [word], limit: 10 })).toEqual([]);
          }
        }
      }
      // Stemming and folding as for new sentences: the index holds search tokens, not the old tokenizer's.
      expect(await store.searchPassages('guild-b', { terms: ['CAFE', 'espressos'], limit: 5 })).toHaveLength(
        1,
      );
    } finally {
      await store.close();
    }
    const db = new Database(file);
    try {
      expect(userVersion(db)).toBe(LATEST_VERSION);
      const names = db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE name LIKE 'passages_fts%'")
        .all();
      expect(names).toEqual([]);
      expect(db.prepare('SELECT tenant, passages FROM search_indexes ORDER BY tenant').all()).toEqual([
        { tenant: 'guild-a', passages: 3 },
        { tenant: 'guild-b', passages: 2 },
      ]);
    } finally {
      db.close();
    }
  });

  it('lets migrated articles be removed and new ones added beside them', async () => {
    const store = SqliteArticleStore.open({ path: file, clock });
    try {
      const [first] = await store.searchPassages('guild-a', { terms: ['aardvarks'], limit: 1 });
      expect(await store.removeArticle('guild-a', first!.articleId)).toBe(true);
      expect(await store.searchPassages('guild-a', { terms: ['aardvarks', 'badgers'], limit: 5 })).toEqual(
        [],
      );
      expect(await store.searchPassages('guild-a', { terms: ['cormorants'], limit: 5 })).toHaveLength(1);
      await store.addArticle('guild-c', preparedArticle('New', ['Egrets waded in the shallows.']));
      expect(await store.searchPassages('guild-c', { terms: ['egret'], limit: 5 })).toHaveLength(1);
      expect(await store.searchPassages('guild-a', { terms: ['egret'], limit: 5 })).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe('migration 13: first sentences searched with their headlines', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefing-migrate-'));
    file = path.join(dir, 'store.db');
    oldDatabase(file);
    // Up to the schema before this step: per-tenant indexes holding the sentences alone.
    const db = new Database(file);
    try {
      migrate(db, MIGRATIONS.slice(0, 12));
      const hits = db
        .prepare("SELECT count(*) AS n FROM passage_index_1 WHERE passage_index_1 MATCH 'guild'")
        .get() as { n: number };
      expect(hits.n).toBe(0);
    } finally {
      db.close();
    }
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("finds each stored article's first sentence, and only that one, by its headline", async () => {
    const store = SqliteArticleStore.open({ path: file, clock: new FakeClock() });
    try {
      // Titles are "guild-a 0", "guild-a 1": the lead of each guild-a article, not its second sentence.
      const hits = await store.searchPassages('guild-a', { terms: ['guild'], limit: 10 });
      expect(hits.map((h) => h.text).sort()).toEqual([
        'Aardvarks dug near the station on Monday.',
        'Cormorants nested on the pier.',
      ]);
      expect(await store.searchPassages('guild-a', { terms: ['badgers'], limit: 5 })).toHaveLength(1);
      // Re-indexed in place: removing the article still empties its rows.
      expect(await store.removeArticle('guild-a', hits[0]!.articleId)).toBe(true);
      expect(await store.searchPassages('guild-a', { terms: ['guild'], limit: 10 })).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
