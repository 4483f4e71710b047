import type Database from 'better-sqlite3';
import type { ActorNameRow, ActorRow, ArticleRow, SummaryRow } from '../article-rows.ts';
import type { GroupRow } from './actor-registry.ts';

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
  byline: string | null;
  language: string | null;
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
    // The same link twice in a tenant is one article, even when the page changed a little.
    findByUrl: db.prepare<[string, string], SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM articles WHERE tenant = ? AND url = ? ORDER BY id LIMIT 1`,
    ),
    insertArticle: db.prepare<InsertArticleParams>(
      `INSERT INTO articles (tenant, title, source, url, published_at, ingested_at, dated_at, text, content_hash,
         word_count, analysis_json, byline, language)
       VALUES (@tenant, @title, @source, @url, @publishedAt, @ingestedAt, @datedAt, @text, @contentHash,
         @wordCount, @analysisJson, @byline, @language)`,
    ),
    insertPassage: db.prepare<[string, number, number, number, string]>(
      'INSERT INTO passages (tenant, article_id, ordinal, paragraph, text) VALUES (?, ?, ?, ?, ?)',
    ),
    // With the registry group it joins: written once, never inserted and then updated.
    insertActor: db.prepare<[string, number, number, string, string, string, number, number]>(
      `INSERT INTO article_actors (tenant, article_id, position, name, type, actor_json, quote_count, registry_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    articleTenant: db.prepare<[string, number], { id: number }>(
      'SELECT id FROM articles WHERE tenant = ? AND id = ?',
    ),
    getArticle: db.prepare<[string, number], ArticleRow>(
      `SELECT ${SUMMARY_COLUMNS}, tenant, text, content_hash, byline, language FROM articles WHERE tenant = ? AND id = ?`,
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
    // Passages, actors and registry links go by ON DELETE CASCADE (index rows are deleted first, by the store).
    removeArticle: db.prepare<[string, number]>('DELETE FROM articles WHERE tenant = ? AND id = ?'),
    // The ranked rows' sentences only (the index returns rowids), checked against the tenant once more.
    passagesByIds: db.prepare<{ tenant: string; ids: string }, Omit<HitRow, 'score'> & { id: number }>(
      `SELECT id, article_id AS articleId, ordinal, paragraph, text FROM passages
       WHERE id IN ${IN_IDS} AND +tenant = @tenant`,
    ),
    countArticlePassages: db.prepare<[number], { n: number }>(
      'SELECT count(*) AS n FROM passages WHERE article_id = ?',
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
    listActorNames: db.prepare<{ tenant: string; ids: string }, ActorNameRow>(
      `SELECT article_id, name, type FROM article_actors
       WHERE tenant = @tenant AND article_id IN ${IN_IDS}
       ORDER BY article_id, position`,
    ),
    // The registry: a few rows by index whatever the number of articles.
    listRegistry: db.prepare<[string, number], GroupRow>(
      'SELECT * FROM registry_actors WHERE tenant = ? ORDER BY salience DESC, mention_count DESC, id LIMIT ?',
    ),
    findRegistry: db.prepare<{ tenant: string; keys: string }, GroupRow & { key: string; kind: number }>(
      `SELECT a.*, k.key AS key, min(k.kind) AS kind
       FROM registry_keys AS k CROSS JOIN registry_actors AS a ON a.id = k.actor_id
       WHERE k.tenant = @tenant AND k.key IN (SELECT value FROM json_each(@keys))
       GROUP BY k.key, a.id
       ORDER BY a.salience DESC, a.mention_count DESC, a.id`,
    ),
    // Any key (name, alias, variant, surname) between the prefix and the prefix followed by U+FFFF.
    suggestRegistry: db.prepare<{ tenant: string; from: string; to: string; limit: number }, GroupRow>(
      `SELECT a.* FROM registry_actors AS a
       WHERE a.id IN (SELECT actor_id FROM registry_keys
                      WHERE tenant = @tenant AND key >= @from AND key < @to)
         AND a.tenant = @tenant
       ORDER BY a.salience DESC, a.mention_count DESC, a.id
       LIMIT @limit`,
    ),
    registryAliases: db.prepare<[number, string, number], { alias: string }>(
      `SELECT r.alias FROM registry_aliases AS r JOIN registry_actors AS a ON a.id = r.actor_id
       WHERE r.actor_id = ? AND a.tenant = ? ORDER BY r.rows DESC, r.alias LIMIT ?`,
    ),
    registryMembers: db.prepare<{ tenant: string; id: number; limit: number }, ActorRow>(
      `SELECT article_id, actor_json FROM article_actors
       WHERE registry_id = @id AND +tenant = @tenant
       ORDER BY article_id, position LIMIT @limit`,
    ),
    // Its own statement, so the condition matches the partial index article_actors_registry_quoted.
    registryQuotedMembers: db.prepare<{ tenant: string; id: number; limit: number }, ActorRow>(
      `SELECT article_id, actor_json FROM article_actors
       WHERE registry_id = @id AND +tenant = @tenant AND quote_count > 0
       ORDER BY article_id, position LIMIT @limit`,
    ),
    passageAt: db.prepare<[number, number, string], Omit<HitRow, 'score'>>(
      `SELECT article_id AS articleId, ordinal, paragraph, text FROM passages
       WHERE article_id = ? AND ordinal = ? AND tenant = ?`,
    ),
    getConversation: db.prepare<[string, string], { json: string; version: number }>(
      'SELECT json, version FROM conversations WHERE tenant = ? AND id = ?',
    ),
    // A new conversation: nothing happens when another writer created it first.
    createConversation: db.prepare<[string, string, string, string]>(
      `INSERT INTO conversations (tenant, id, json, updated_at, version) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (tenant, id) DO NOTHING`,
    ),
    // A replacement only over the version that was read.
    replaceConversation: db.prepare<[string, string, string, string, number]>(
      `UPDATE conversations SET json = ?, updated_at = ?, version = version + 1
       WHERE tenant = ? AND id = ? AND version = ?`,
    ),
  };
}

/** The prepared statements of one connection. */
export type Statements = ReturnType<typeof prepareStatements>;
