import type {
  ActorType,
  ArticleActor,
  ArticleActorName,
  ArticleAnalysis,
  ArticleSummary,
  ExtractedActor,
  StoredArticle,
} from '../core/types.ts';

/** Columns of `articles` (on every backend) an ArticleSummary is built from. */
export interface SummaryRow {
  id: number;
  title: string;
  source: string | null;
  url: string | null;
  published_at: string | null;
  ingested_at: string;
  word_count: number;
}

/** A full `articles` row as getArticle reads it. */
export interface ArticleRow extends SummaryRow {
  tenant: string;
  text: string;
  content_hash: string;
  byline: string | null;
  language: string | null;
}

/** An `article_actors` row as reads return it. */
export interface ActorRow {
  article_id: number;
  actor_json: string;
}

/** What `article_actors.actor_json` holds: the actor with its quotes and relations, but no articleId. */
export type StoredActor = Omit<ArticleActor, 'articleId'>;

/** Maps a row to a summary, leaving absent optional fields out rather than null. */
export function toSummary(row: SummaryRow): ArticleSummary {
  const summary: ArticleSummary = {
    id: row.id,
    title: row.title,
    ingestedAt: row.ingested_at,
    wordCount: row.word_count,
  };
  if (row.source !== null) summary.source = row.source;
  if (row.url !== null) summary.url = row.url;
  if (row.published_at !== null) summary.publishedAt = row.published_at;
  return summary;
}

/** Maps a full row to a stored article. */
export function toStoredArticle(row: ArticleRow): StoredArticle {
  const article: StoredArticle = {
    ...toSummary(row),
    tenant: row.tenant,
    text: row.text,
    contentHash: row.content_hash,
  };
  if (row.byline !== null) article.byline = row.byline;
  if (row.language !== null) article.language = row.language;
  return article;
}

/** Reads an actor row back into the port's shape. */
export function toArticleActor(row: ActorRow): ArticleActor {
  const stored = JSON.parse(row.actor_json) as StoredActor;
  return { ...stored, articleId: row.article_id };
}

/** A name row as both stores select it (PostgreSQL returns bigint ids as strings). */
export interface ActorNameRow {
  article_id: number | string;
  name: string;
  type: string;
}

export function toActorName(row: ActorNameRow): ArticleActorName {
  // The type was checked when written (assertActorType).
  return { articleId: Number(row.article_id), name: row.name, type: row.type as ActorType };
}

/** Reads a stored analysis; the JSON was written by this store from a typed value. */
export function parseAnalysis(json: string): ArticleAnalysis {
  return JSON.parse(json) as ArticleAnalysis;
}

/**
 * An actor with the quotes it spoke and the relations it is subject or object of, so readers of
 * one actor row need not load the whole analysis.
 */
export function toStoredActor(actor: ExtractedActor, analysis: ArticleAnalysis): StoredActor {
  return {
    name: actor.name,
    type: actor.type,
    aliases: actor.aliases,
    roles: actor.roles,
    mentions: actor.mentions,
    actions: actor.actions,
    salience: actor.salience,
    quotes: analysis.quotes.filter((q) => q.speaker === actor.name),
    relations: analysis.relations.filter((r) => r.subject === actor.name || r.object === actor.name),
  };
}

/**
 * The instant an article sorts and filters by, as a UTC ISO string (bare dates count as UTC
 * midnight), so offsets like +02:00 compare correctly as text. Undefined when unparseable.
 */
export function toSortInstant(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
