import type Database from 'better-sqlite3';
import type { ActorRow, ArticleRow, SummaryRow } from './rows.ts';

const SUMMARY_COLUMNS = 'id, title, source, url, published_at, ingested_at, word_count';

// Id lists are bound as one JSON array and expanded with json_each, so each statement is prepared once
// whatever the list length.
const IN_IDS = '(SELECT value FROM json_each(@ids))';

/** Named parameters of the article insert. */
export interface InsertArticleParams {
  tenant: string;
  title: string;
  source: string | null;
  url: string | null;
  publishedAt: string | null;
  ingestedAt: string;
  datedAt: string;
  text: string;
  contentHash: string;
  wordCount: number;
  analysisJson: string;
}

/** A passage hit as the search statement returns it. */
export interface HitRow {
  articleId: number;
  ordinal: number;
  paragraph: number;
  text: string;
  score: number;
}

/** Every statement the store runs, prepared once per connection. Each one is scoped by tenant. */
export function prepareStatements(db: Database.Database) {
  return {
    findByHash: db.prepare<[string, string], SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM articles WHERE tenant = ? AND content_hash = ?`,
    ),
    insertArticle: db.prepare<InsertArticleParams>(
      `INSERT INTO articles (tenant, title, source, url, published_at, ingested_at, dated_at, text, content_hash,
         word_count, analysis_json)
       VALUES (@tenant, @title, @source, @url, @publishedAt, @ingestedAt, @datedAt, @text, @contentHash,
         @wordCount, @analysisJson)`,
    ),
    insertPassage: db.prepare<[string, number, number, number, string]>(
      'INSERT INTO passages (tenant, article_id, ordinal, paragraph, text) VALUES (?, ?, ?, ?, ?)',
    ),
    insertActor: db.prepare<[string, number, number, string, string, string]>(
      'INSERT INTO article_actors (tenant, article_id, position, name, type, actor_json) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    insertAlias: db.prepare<[string, string, number]>(
      'INSERT OR IGNORE INTO actor_aliases (tenant, alias_key, article_actor_id) VALUES (?, ?, ?)',
    ),
    getArticle: db.prepare<[string, number], ArticleRow>(
      `SELECT ${SUMMARY_COLUMNS}, tenant, text, content_hash FROM articles WHERE tenant = ? AND id = ?`,
    ),
    listArticles: db.prepare<{ tenant: string; since: string | null; limit: number }, SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM articles
       WHERE tenant = @tenant AND (@since IS NULL OR dated_at >= @since)
       ORDER BY dated_at DESC, id DESC
       LIMIT @limit`,
    ),
    // With ids, start from those rows by primary key (+tenant keeps the planner off the tenant index).
    listArticlesByIds: db.prepare<
      { tenant: string; since: string | null; ids: string; limit: number },
      SummaryRow
    >(
      `SELECT ${SUMMARY_COLUMNS} FROM articles
       WHERE id IN ${IN_IDS} AND +tenant = @tenant AND (@since IS NULL OR dated_at >= @since)
       ORDER BY dated_at DESC, id DESC
       LIMIT @limit`,
    ),
    // A digest's window: what was stored in [from, to), newest first.
    listArticlesStored: db.prepare<{ tenant: string; from: string; to: string; limit: number }, SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM articles
       WHERE tenant = @tenant AND ingested_at >= @from AND ingested_at < @to
       ORDER BY ingested_at DESC, id DESC
       LIMIT @limit`,
    ),
    countArticles: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM articles WHERE tenant = ?'),
    // Passages, their FTS rows (trigger), actors and aliases go by ON DELETE CASCADE.
    removeArticle: db.prepare<[string, number]>('DELETE FROM articles WHERE tenant = ? AND id = ?'),
    // Rank inside the subquery, filtered by tenant and articles there, so LIMIT keeps the best of what the
    // caller may see; only then fetch the sentence rows. CROSS JOINs fix the loop order (FTS5 first, then
    // rows by id): otherwise the planner may walk all the tenant's passages by index and probe per row.
    searchPassages: db.prepare<{ match: string; tenant: string; ids: string | null; limit: number }, HitRow>(
      `SELECT p.article_id AS articleId, p.ordinal, p.paragraph, p.text, ranked.score
       FROM (
         SELECT passages_fts.rowid AS rid, -bm25(passages_fts) AS score
         FROM passages_fts CROSS JOIN passages AS s ON s.id = passages_fts.rowid
         WHERE passages_fts MATCH @match
           AND s.tenant = @tenant
           AND (@ids IS NULL OR s.article_id IN ${IN_IDS})
         ORDER BY score DESC, rid
         LIMIT @limit
       ) AS ranked
       CROSS JOIN passages AS p ON p.id = ranked.rid AND p.tenant = @tenant
       ORDER BY ranked.score DESC, ranked.rid`,
    ),
    getPassages: db.prepare<[string, number], Omit<HitRow, 'score'>>(
      `SELECT article_id AS articleId, ordinal, paragraph, text FROM passages
       WHERE tenant = ? AND article_id = ? ORDER BY ordinal`,
    ),
    getAnalyses: db.prepare<{ tenant: string; ids: string }, { id: number; analysis_json: string }>(
      `SELECT id, analysis_json FROM articles WHERE id IN ${IN_IDS} AND +tenant = @tenant ORDER BY id`,
    ),
    listActors: db.prepare<{ tenant: string }, ActorRow>(
      `SELECT article_id, actor_json FROM article_actors WHERE tenant = @tenant ORDER BY article_id, position`,
    ),
    listActorsByArticle: db.prepare<{ tenant: string; ids: string }, ActorRow>(
      `SELECT article_id, actor_json FROM article_actors
       WHERE tenant = @tenant AND article_id IN ${IN_IDS}
       ORDER BY article_id, position`,
    ),
    // Unary + keeps the planner from walking all the tenant's actors by index: start from the alias matches.
    findActorsByAlias: db.prepare<{ tenant: string; keys: string }, ActorRow>(
      `SELECT article_id, actor_json FROM article_actors
       WHERE +tenant = @tenant
         AND id IN (SELECT article_actor_id FROM actor_aliases
                    WHERE tenant = @tenant AND alias_key IN (SELECT value FROM json_each(@keys)))
       ORDER BY article_id, position`,
    ),
    getConversation: db.prepare<[string, string], { json: string }>(
      'SELECT json FROM conversations WHERE tenant = ? AND id = ?',
    ),
    saveConversation: db.prepare<[string, string, string, string]>(
      `INSERT INTO conversations (tenant, id, json, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant, id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
    ),
  };
}

/** The prepared statements of one connection. */
export type Statements = ReturnType<typeof prepareStatements>;
