import type { ArticleActor, ArticleSummary, StoredArticle } from '../../core/types.ts';
import {
  type ArticleRow,
  type SummaryRow,
  toArticleActor,
  toStoredArticle,
  toSummary,
} from '../article-rows.ts';

/**
 * The article store's SQL on PostgreSQL and the mapping of its rows (bigint columns arrive from
 * `pg` as strings). Every statement is scoped by tenant; id lists are bound as one array.
 */
const SUMMARY = 'id, title, source, url, published_at, ingested_at, word_count';

export const SQL = {
  findByHash: `SELECT ${SUMMARY} FROM articles WHERE tenant = $1 AND content_hash = $2`,
  // The same link twice in a tenant is one article, even when the page changed a little.
  findByUrl: `SELECT ${SUMMARY} FROM articles WHERE tenant = $1 AND url = $2 ORDER BY id LIMIT 1`,
  // Two processes storing the same content at once: the second finds the first's row (unique key).
  insertArticle: `INSERT INTO articles (tenant, title, source, url, published_at, ingested_at, dated_at, text,
      content_hash, word_count, analysis_json, byline, language)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
    ON CONFLICT (tenant, content_hash) DO NOTHING
    RETURNING id`,
  insertActors: `INSERT INTO article_actors (tenant, article_id, position, name, type, actor_json, quote_count)
    SELECT $1, $2, position, name, type, actor_json, quote_count
    FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::int[])
      AS a (position, name, type, actor_json, quote_count)
    ORDER BY position
    RETURNING id, position`,
  getArticle: `SELECT ${SUMMARY}, tenant, text, content_hash, byline, language FROM articles WHERE tenant = $1 AND id = $2`,
  articleExists: 'SELECT id FROM articles WHERE tenant = $1 AND id = $2',
  // $3 NULL: no since; $4 NULL: no id filter; $5 NULL: no limit.
  listArticles: `SELECT ${SUMMARY} FROM articles
    WHERE tenant = $1 AND ($2::text IS NULL OR dated_at >= $2::text)
      AND ($3::bigint[] IS NULL OR id = ANY($3::bigint[]))
    ORDER BY dated_at DESC, id DESC
    LIMIT $4`,
  listArticlesStored: `SELECT ${SUMMARY} FROM articles
    WHERE tenant = $1 AND ingested_at >= $2 AND ingested_at < $3
    ORDER BY ingested_at DESC, id DESC
    LIMIT $4`,
  // Kept with the tenant's statistics in each article's transaction (migration 4).
  countArticles: 'SELECT coalesce((SELECT articles FROM search_tenants WHERE tenant = $1), 0)::int AS n',
  // Passages, actors and their registry links go by ON DELETE CASCADE / SET NULL.
  removeArticle: 'DELETE FROM articles WHERE tenant = $1 AND id = $2',
  // By the article's key, the tenant checked on the article: with "tenant = $1" on passages the
  // planner may AND in the tenant index, reading every sentence of a big tenant (250 ms at 2
  // million sentences without statistics) to find an article's twenty.
  getPassages: `SELECT article_id, ordinal, paragraph, text FROM passages
    WHERE article_id = (SELECT a.id FROM articles AS a WHERE a.id = $2 AND a.tenant = $1) ORDER BY ordinal`,
  // One unique-key lookup per asked sentence (LATERAL … LIMIT 1), the tenant a filter on the row found.
  passagesAt: `SELECT p.article_id, p.ordinal, p.paragraph, p.text
    FROM unnest($2::bigint[], $3::int[]) WITH ORDINALITY AS r (article_id, ordinal, n)
    CROSS JOIN LATERAL (
      SELECT q.article_id, q.ordinal, q.paragraph, q.text, q.tenant FROM passages AS q
      WHERE q.article_id = r.article_id AND q.ordinal = r.ordinal LIMIT 1
    ) AS p
    WHERE p.tenant = $1
    ORDER BY r.n`,
  getAnalyses:
    'SELECT id, analysis_json FROM articles WHERE id = ANY($2::bigint[]) AND tenant = $1 ORDER BY id',
  listActors: `SELECT article_id, actor_json FROM article_actors
    WHERE tenant = $1 AND ($2::bigint[] IS NULL OR article_id = ANY($2::bigint[]))
    ORDER BY article_id, position`,
  listActorNames: `SELECT article_id, name, type FROM article_actors
    WHERE tenant = $1 AND article_id = ANY($2::bigint[])
    ORDER BY article_id, position`,
  listRegistry: `SELECT * FROM registry_actors WHERE tenant = $1
    ORDER BY salience DESC, mention_count DESC, id LIMIT $2`,
  findRegistry: `SELECT a.*, k.key AS key, min(k.kind) AS kind
    FROM registry_keys AS k JOIN registry_actors AS a ON a.id = k.actor_id
    WHERE k.tenant = $1 AND k.key = ANY($2::text[])
    GROUP BY k.key, a.id
    ORDER BY a.salience DESC, a.mention_count DESC, a.id`,
  // Any key (name, alias, variant, surname) starting with the prefix (keys compare bytewise: COLLATE "C").
  suggestRegistry: `SELECT a.* FROM registry_actors AS a
    WHERE a.id IN (SELECT actor_id FROM registry_keys WHERE tenant = $1 AND key >= $2 AND key < $3)
      AND a.tenant = $1
    ORDER BY a.salience DESC, a.mention_count DESC, a.id
    LIMIT $4`,
  registryAliases: `SELECT r.alias FROM registry_aliases AS r JOIN registry_actors AS a ON a.id = r.actor_id
    WHERE r.actor_id = $2 AND a.tenant = $1 ORDER BY r.rows DESC, r.alias LIMIT $3`,
  // The tenant is checked but kept out of the index conditions (IS TRUE): without statistics the
  // planner would AND in the tenant's index and read every actor row of the server.
  registryMembers: `SELECT article_id, actor_json FROM article_actors
    WHERE registry_id = $2 AND (tenant = $1) IS TRUE
    ORDER BY article_id, position LIMIT $3`,
  // Its own statement, so the condition matches the partial index article_actors_registry_quoted.
  registryQuotedMembers: `SELECT article_id, actor_json FROM article_actors
    WHERE registry_id = $2 AND (tenant = $1) IS TRUE AND quote_count > 0
    ORDER BY article_id, position LIMIT $3`,
  getConversation: 'SELECT json, version FROM conversations WHERE tenant = $1 AND id = $2',
  // A new conversation: nothing happens when another writer created it first.
  createConversation: `INSERT INTO conversations (tenant, id, json, updated_at, version) VALUES ($1, $2, $3, $4, 1)
    ON CONFLICT (tenant, id) DO NOTHING`,
  // A replacement only over the version that was read.
  replaceConversation: `UPDATE conversations SET json = $3, updated_at = $4, version = version + 1
    WHERE tenant = $1 AND id = $2 AND version = $5`,
} as const;

/** An `articles` summary row as `pg` returns it. */
export type PgSummaryRow = Omit<SummaryRow, 'id'> & { id: string };
export type PgArticleRow = Omit<ArticleRow, 'id'> & { id: string };

export function summaryOf(row: PgSummaryRow): ArticleSummary {
  return toSummary({ ...row, id: Number(row.id) });
}

export function storedArticleOf(row: PgArticleRow): StoredArticle {
  return toStoredArticle({ ...row, id: Number(row.id) });
}

export function articleActorOf(row: { article_id: string; actor_json: string }): ArticleActor {
  return toArticleActor({ article_id: Number(row.article_id), actor_json: row.actor_json });
}

/** Ids a statement may compare with bigint: anything else can match nothing. */
export function safeIds(ids: readonly number[]): number[] {
  return ids.filter((id) => Number.isSafeInteger(id));
}

/** A limit as PostgreSQL takes it: NULL for none, else a whole number of at least 0. */
export function pgLimit(limit: number | undefined): number | null {
  if (limit === undefined || limit === Number.POSITIVE_INFINITY) return null;
  return Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : 0;
}
