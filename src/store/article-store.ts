import type {
  ArticleActor,
  ArticleAnalysis,
  ArticleSummary,
  Conversation,
  Passage,
  PassageHit,
  PreparedArticle,
  StoredArticle,
  TenantId,
} from '../core/types.ts';

export type AddArticleResult =
  | { status: 'added'; article: ArticleSummary }
  | { status: 'duplicate'; article: ArticleSummary };

export interface PassageQuery {
  /** Plain words (not a query language); the store quotes them. Any word may match (OR), BM25 ranks. */
  terms: string[];
  /** Restrict to these articles. */
  articleIds?: number[] | undefined;
  limit: number;
}

export interface ListArticlesOptions {
  limit?: number | undefined;
  /** ISO date: only articles published (or, lacking a date, ingested) at or after it. */
  since?: string | undefined;
  ids?: number[] | undefined;
}

/** Articles stored (ingested) in `[from, to)`, newest first, at most `limit`. */
export interface StoredWindow {
  from: Date;
  to: Date;
  limit: number;
}

/**
 * Where articles, their sentences, per-article actors and conversations live.
 * Every method is scoped by tenant; no method may return another tenant's data.
 */
export interface ArticleStore {
  /** Stores an article with its sentences and analysis atomically; a repeat of the same content is a duplicate. */
  addArticle(tenant: TenantId, article: PreparedArticle): Promise<AddArticleResult>;
  /** The tenant's article with this content hash (see text/hash.ts), or undefined: the duplicate check before any analysis. */
  findArticleByContent(tenant: TenantId, contentHash: string): Promise<ArticleSummary | undefined>;
  /** One article with its text, or undefined when the tenant has no such article. */
  getArticle(tenant: TenantId, id: number): Promise<StoredArticle | undefined>;
  /** Articles newest first (by published date, else ingestion). */
  listArticles(tenant: TenantId, options?: ListArticlesOptions): Promise<ArticleSummary[]>;
  /** Articles stored in a window of time (a digest's), newest first. */
  listArticlesStored(tenant: TenantId, window: StoredWindow): Promise<ArticleSummary[]>;
  /** Number of articles the tenant has. */
  countArticles(tenant: TenantId): Promise<number>;
  /** Removes an article and everything derived from it; false when there was none. */
  removeArticle(tenant: TenantId, id: number): Promise<boolean>;
  /** BM25-ranked sentences matching any of the terms. */
  searchPassages(tenant: TenantId, query: PassageQuery): Promise<PassageHit[]>;
  /** All sentences of an article in order. */
  getPassages(tenant: TenantId, articleId: number): Promise<Passage[]>;
  /** Stored analyses of the given articles. */
  getAnalyses(tenant: TenantId, articleIds: number[]): Promise<Map<number, ArticleAnalysis>>;
  /** Per-article actor rows, for the given articles or all of the tenant's. */
  listArticleActors(tenant: TenantId, articleIds?: number[]): Promise<ArticleActor[]>;
  /** Per-article actor rows having any of these normalised aliases (see actors/normalise.ts). */
  findArticleActorsByAlias(tenant: TenantId, normalisedAliases: string[]): Promise<ArticleActor[]>;
  /** A saved conversation, or undefined. */
  getConversation(tenant: TenantId, id: string): Promise<Conversation | undefined>;
  /** Creates or replaces a conversation. */
  saveConversation(tenant: TenantId, conversation: Conversation): Promise<void>;
  /** Releases the connection; further calls fail. */
  close(): Promise<void>;
}
