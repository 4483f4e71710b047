import type Database from 'better-sqlite3';
import type { TenantId } from '../../core/types.ts';
import { indexedText, searchText } from '../search-tokens.ts';
import { toFtsPhrases } from './fts-query.ts';

/** Sentences of a tenant a phrase must reach to count as common in it (see search). */
const COMMON_REACH = 250;
/** Rare phrases ranked together, rarest first: each adds up to COMMON_REACH sentences to score. */
const MAX_RARE_PHRASES = 6;
/** The newest matching sentences ranked when a question has only common phrases. */
const RECENT_WINDOW = 600;
/** Common phrases searched at once in that case. */
const MAX_COMMON_PHRASES = 6;
/** Common phrases paired when no phrase is rare: four make six pairs. */
const PAIRED_PHRASES = 4;
/** Hits of paired phrases that make the newest-sentences search unneeded for a question naming no one. */
const TOGETHER_ENOUGH = 20;
/**
 * Postings the pairs of common phrases may read, and so the count up to which a common phrase is
 * counted to be paired (a count reads its postings once; the memo keeps it). Chosen at 100,000
 * articles: 12,000 doubled the p95 of /ask for one more right answer in 100.
 */
const PAIR_POSTINGS = 2_000;
/** Phrase counts remembered, across tenants, before the memo starts again. */
const PHRASES_REMEMBERED = 50_000;
/** Tenants whose prepared statements stay cached on a connection. */
const TABLES_CACHED = 64;

/**
 * The FTS5 table of search_indexes row `id`. The name comes from the integer alone, so no tenant
 * text is ever spliced into SQL.
 */
function tableName(id: number): string {
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`bad search index id ${id}`);
  return `passage_index_${id}`;
}

/**
 * A tenant's index: the search tokens of each sentence (store/search-tokens.ts, the same tokens the
 * PostgreSQL store indexes), rowid = passages.id. Contentless, because the sentence text is in
 * `passages` already; contentless_delete lets an article's rows go by rowid.
 */
function createTable(db: Database.Database, id: number): void {
  db.exec(
    `CREATE VIRTUAL TABLE IF NOT EXISTS ${tableName(id)} USING fts5 (
       tokens, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0'
     )`,
  );
}

/** Sentences read at once by the migration (better-sqlite3 cannot write while a read is open). */
const COPY_BATCH = 5_000;

/** Migration 9's data step: every stored sentence into its tenant's new index, in one pass over passages. */
export function copyIntoTenantIndexes(db: Database.Database): void {
  const tables = new Map<string, { insert: Database.Statement<[number, string]>; id: number; n: number }>();
  const batch = db.prepare<[number, number], { id: number; tenant: string; text: string }>(
    'SELECT id, tenant, text FROM passages WHERE id > ? ORDER BY id LIMIT ?',
  );
  for (let after = 0; ; ) {
    const rows = batch.all(after, COPY_BATCH);
    if (rows.length === 0) break;
    for (const row of rows) {
      let table = tables.get(row.tenant);
      if (table === undefined) {
        const id = ensureIndex(db, row.tenant);
        const insert = db.prepare<[number, string]>(
          `INSERT INTO ${tableName(id)} (rowid, tokens) VALUES (?, ?)`,
        );
        table = { insert, id, n: 0 };
        tables.set(row.tenant, table);
      }
      table.insert.run(row.id, searchText(row.text));
      table.n++;
    }
    after = rows.at(-1)!.id;
  }
  const count = db.prepare<[number, number]>('UPDATE search_indexes SET passages = ? WHERE id = ?');
  for (const { id, n } of tables.values()) count.run(n, id);
}

/**
 * Migration 13's data step: each stored article's first sentence indexed again with its headline
 * (indexedText), as new articles are, COPY_BATCH leads read at a time. Rows go by rowid; the
 * sentence count does not change.
 */
export function indexLeadsWithTitles(db: Database.Database): void {
  const batch = db.prepare<[number, number], { id: number; text: string; title: string; indexId: number }>(
    `SELECT p.id, p.text, a.title, i.id AS indexId
     FROM passages AS p JOIN articles AS a ON a.id = p.article_id JOIN search_indexes AS i ON i.tenant = p.tenant
     WHERE p.ordinal = 0 AND p.id > ? ORDER BY p.id LIMIT ?`,
  );
  const tables = new Map<
    number,
    { drop: Database.Statement<[number]>; insert: Database.Statement<[number, string]> }
  >();
  for (let after = 0; ; ) {
    const leads = batch.all(after, COPY_BATCH);
    if (leads.length === 0) return;
    for (const lead of leads) {
      let s = tables.get(lead.indexId);
      if (s === undefined) {
        const t = tableName(lead.indexId);
        s = {
          drop: db.prepare<[number]>(`DELETE FROM ${t} WHERE rowid = ?`),
          insert: db.prepare<[number, string]>(`INSERT INTO ${t} (rowid, tokens) VALUES (?, ?)`),
        };
        tables.set(lead.indexId, s);
      }
      s.drop.run(lead.id);
      s.insert.run(lead.id, searchText(indexedText(lead.title, 0, lead.text)));
    }
    after = leads.at(-1)!.id;
  }
}

/** The tenant's index id, creating the mapping row and the table on first use (inside a write transaction). */
function ensureIndex(db: Database.Database, tenant: TenantId): number {
  db.prepare('INSERT INTO search_indexes (tenant) VALUES (?) ON CONFLICT (tenant) DO NOTHING').run(tenant);
  const { id } = db
    .prepare<[string], { id: number }>('SELECT id FROM search_indexes WHERE tenant = ?')
    .get(tenant)!;
  createTable(db, id);
  return id;
}

/** A stored sentence as the index takes it: its passages rowid and the text searched for it (indexedText). */
export interface IndexedSentence {
  rowid: number;
  text: string;
}

/** A hit before its sentence is read: passage rowid and BM25 score (higher is better). */
interface RankedRow {
  rid: number;
  score: number;
}

/** Statements on one tenant's table. */
function tableStatements(db: Database.Database, id: number) {
  const t = tableName(id);
  // With an article filter, `+rowid` keeps the IN list a filter on the ranked rows rather than a
  // lookup per listed id (which would make FTS5 recount its statistics for each one).
  const inArticles = `(@ids IS NULL OR +rowid IN (
      SELECT p.id FROM passages AS p WHERE p.article_id IN (SELECT value FROM json_each(@ids)) AND p.tenant = @tenant))`;
  return {
    insert: db.prepare<[number, string]>(`INSERT INTO ${t} (rowid, tokens) VALUES (?, ?)`),
    removeArticle: db.prepare<[number]>(
      `DELETE FROM ${t} WHERE rowid IN (SELECT id FROM passages WHERE article_id = ?)`,
    ),
    // How many sentences hold a phrase, counted only up to @cap: a cheap test for "common".
    reach: db.prepare<{ match: string; cap: number }, { n: number }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM ${t} WHERE ${t} MATCH @match LIMIT @cap)`,
    ),
    // Ranked inside the index, LIMIT first; only the rows kept are read from passages afterwards.
    rank: db.prepare<{ match: string; tenant: string; ids: string | null; limit: number }, RankedRow>(
      `SELECT rowid AS rid, -bm25(${t}) AS score FROM ${t}
       WHERE ${t} MATCH @match AND ${inArticles}
       ORDER BY score DESC, rid LIMIT @limit`,
    ),
    // For common phrases: rank only the newest @window matching sentences (FTS5 walks rowids
    // backwards and stops) instead of scoring every sentence that holds one of them.
    rankRecent: db.prepare<
      { match: string; tenant: string; ids: string | null; window: number; limit: number },
      RankedRow
    >(
      `SELECT rid, score FROM (
         SELECT rowid AS rid, -bm25(${t}) AS score FROM ${t}
         WHERE ${t} MATCH @match AND ${inArticles}
         ORDER BY rowid DESC LIMIT @window
       ) ORDER BY score DESC, rid LIMIT @limit`,
    ),
  };
}

type TableStatements = ReturnType<typeof tableStatements>;

/** A passage search: terms as the port takes them, an optional article filter, a limit. */
export interface IndexQuery {
  terms: readonly string[];
  /** JSON array of article ids, or null for all of the tenant's. */
  ids: string | null;
  limit: number;
}

/**
 * The per-tenant full-text indexes of one connection: writes sentences into the tenant's own FTS5
 * table and ranks them there, so BM25's statistics are the tenant's and a search reads no other
 * tenant's postings. Searches return ranked rowids; the caller reads only those sentences.
 */
export class SqlitePassageIndexes {
  private readonly tables = new Map<number, TableStatements>();
  private readonly indexOf;
  private readonly countPassages;
  /** `index id NUL phrase` → sentences holding it (up to COMMON_REACH), and the index's size when counted. */
  private readonly reach = new Map<string, { n: number; at: number }>();

  constructor(private readonly db: Database.Database) {
    this.indexOf = db.prepare<[string], { id: number; passages: number }>(
      'SELECT id, passages FROM search_indexes WHERE tenant = ?',
    );
    this.countPassages = db.prepare<[number, number]>(
      'UPDATE search_indexes SET passages = max(0, passages + ?) WHERE id = ?',
    );
  }

  /**
   * Creates the tenant's index if it has none, inside the caller's write transaction. A batch calls
   * this before its per-article savepoints: a virtual table created inside a savepoint that is
   * then rolled back (the batch's first article failing) leaves FTS5 unusable for the rest of it.
   */
  ensure(tenant: TenantId): void {
    if (this.indexOf.get(tenant) === undefined) ensureIndex(this.db, tenant);
  }

  /** Indexes an article's sentences (rowid, text), inside the caller's write transaction. */
  addSentences(tenant: TenantId, sentences: readonly IndexedSentence[]): void {
    if (sentences.length === 0) return;
    const id = this.indexOf.get(tenant)?.id ?? ensureIndex(this.db, tenant);
    const s = this.statements(id);
    for (const sentence of sentences) s.insert.run(sentence.rowid, searchText(sentence.text));
    this.countPassages.run(sentences.length, id);
  }

  /** Drops an article's sentences from the index; call before its passages are deleted. */
  removeArticle(tenant: TenantId, articleId: number, sentences: number): void {
    const index = this.indexOf.get(tenant);
    if (index === undefined) return;
    this.statements(index.id).removeArticle.run(articleId);
    this.countPassages.run(-sentences, index.id);
    // Removal is the one way a phrase gets rarer: forget the tenant's counts.
    const prefix = `${index.id}\u0000`;
    for (const key of this.reach.keys()) if (key.startsWith(prefix)) this.reach.delete(key);
  }

  /**
   * The best sentences by BM25 over the tenant's own index. Phrases found in fewer than
   * COMMON_REACH of its sentences (the rarest few) are ranked exactly over every sentence holding them; common
   * phrases add little to BM25 but most of its cost, so they are searched only when the query has
   * nothing rarer, and then over the newest RECENT_WINDOW matching sentences. Either way a search
   * touches a bounded number of postings, whatever the size of the tenant.
   */
  search(tenant: TenantId, query: IndexQuery): RankedRow[] {
    const phrases = toFtsPhrases(query.terms);
    const index = this.indexOf.get(tenant);
    if (phrases.length === 0 || index === undefined) return [];
    const s = this.statements(index.id);
    const params = { tenant, ids: query.ids, limit: query.limit };
    const reach = phrases.map((p) => ({ p, n: this.reachOf(s, index, p) }));
    const rare = reach
      // A phrase in no sentence adds nothing, and would take the place of one that is somewhere.
      .filter((r) => r.n > 0 && r.n < COMMON_REACH)
      .sort((a, b) => a.n - b.n)
      .slice(0, MAX_RARE_PHRASES)
      .map((r) => r.p);
    if (rare.length > 0) return s.rank.all({ ...params, match: rare.join(' OR ') });
    // Names as phrases ("tony blair") say more than their common words ("tony") about what is asked.
    const found = reach.filter((r) => r.n > 0).map((r) => r.p);
    if (found.length === 0) return [];
    const together = this.together(s, index, found, params);
    const multiWord = found.filter((p) => p.includes(' '));
    // Without a name to look for, the newest sentences holding any one common word add only cost.
    if (multiWord.length === 0 && together.length >= TOGETHER_ENOUGH) return together;
    const common = (multiWord.length > 0 ? multiWord : found).slice(0, MAX_COMMON_PHRASES);
    const recent = s.rankRecent.all({ ...params, match: common.join(' OR '), window: RECENT_WINDOW });
    const seen = new Set(together.map((r) => r.rid));
    return [...together, ...recent.filter((r) => !seen.has(r.rid))].slice(0, query.limit);
  }

  /**
   * When every phrase is common ("trade", "deficit", "widen" at 100,000 articles), the sentences
   * holding two of the question's rarest phrases together, ranked by BM25 over them: one OR of
   * ANDed pairs. An AND seeks through the postings of its rarer phrase, so a pair costs about what
   * that one does; pairs are taken cheapest first while their postings stay within PAIR_POSTINGS,
   * so very common words ("plan", "party") are never paired with each other.
   */
  private together(
    s: TableStatements,
    index: { id: number; passages: number },
    found: string[],
    params: { tenant: TenantId; ids: string | null; limit: number },
  ): RankedRow[] {
    // A word inside a searched name ("unit" of "unit state") adds nothing the name does not.
    const inner = (p: string) => p.replace(/^"|"$/g, '');
    const phrases = found.filter(
      (p) => !found.some((q) => q !== p && q.startsWith('"') && ` ${inner(q)} `.includes(` ${inner(p)} `)),
    );
    const rarest = phrases
      .map((p) => ({ p, n: this.reachOf(s, index, p, PAIR_POSTINGS) }))
      .sort((a, b) => a.n - b.n)
      .slice(0, PAIRED_PHRASES);
    // A count at the cap says only "at least PAIR_POSTINGS": a pair of two such phrases may read any
    // number of postings ("prime" AND "minister"), so one of a pair must be counted below it.
    const pairs = rarest
      .flatMap((a, i) =>
        a.n >= PAIR_POSTINGS
          ? []
          : rarest.slice(i + 1).map((b) => ({ match: `(${a.p} AND ${b.p})`, cost: a.n })),
      )
      .sort((x, y) => x.cost - y.cost);
    let budget = PAIR_POSTINGS;
    const taken = pairs.filter((pair) => {
      if (pair.cost > budget) return false;
      budget -= pair.cost;
      return true;
    });
    return taken.length === 0 ? [] : s.rank.all({ ...params, match: taken.map((t) => t.match).join(' OR ') });
  }

  /**
   * Sentences of the tenant holding a phrase, counted up to `cap` (COMMON_REACH, or PAIR_POSTINGS to
   * pair common phrases). A verdict at the cap holds
   * until a removal (articles only add sentences); a rare count is trusted while the sentences
   * indexed since (by any process: the count is in search_indexes) could not have made it common.
   */
  private reachOf(
    s: TableStatements,
    index: { id: number; passages: number },
    phrase: string,
    cap = COMMON_REACH,
  ): number {
    const key = `${index.id}\u0000${cap}\u0000${phrase}`;
    const known = this.reach.get(key);
    if (known !== undefined && (known.n >= cap || known.n + (index.passages - known.at) < cap)) {
      return known.n;
    }
    const n = s.reach.get({ match: phrase, cap })?.n ?? 0;
    if (this.reach.size >= PHRASES_REMEMBERED) this.reach.clear();
    this.reach.set(key, { n, at: index.passages });
    return n;
  }

  private statements(id: number): TableStatements {
    let s = this.tables.get(id);
    if (s === undefined) {
      s = tableStatements(this.db, id);
      if (this.tables.size >= TABLES_CACHED) this.tables.delete(this.tables.keys().next().value!);
    } else {
      // Re-inserted, so the Map's order is least recently used first.
      this.tables.delete(id);
    }
    this.tables.set(id, s);
    return s;
  }
}
