import { StoreError } from '../core/errors.ts';
import {
  ACTOR_TYPES,
  type ActorType,
  type ArticleActor,
  type ArticleActorName,
  type ArticleAnalysis,
  type ArticleSummary,
  type Conversation,
  type Passage,
  type PassageHit,
  type PreparedArticle,
  type StoredArticle,
  type TenantId,
} from '../core/types.ts';

/** Refuses an actor type the schema does not know (analyses come from LLMs and older builds). */
export function assertActorType(type: string): asserts type is ActorType {
  if (!(ACTOR_TYPES as readonly string[]).includes(type))
    throw new StoreError(`unknown actor type ${JSON.stringify(type)}`);
}

export type AddArticleResult =
  | { status: 'added'; article: ArticleSummary }
  | { status: 'duplicate'; article: ArticleSummary };

/** One article's outcome in {@link ArticleStore.addArticles}: stored, a duplicate, or failed alone. */
export type AddManyResult = AddArticleResult | { status: 'failed'; error: unknown };

export interface PassageQuery {
  /** Plain words (not a query language); the store quotes them. Any word may match (OR), BM25 ranks. */
  terms: string[];
  /** Restrict to these articles. */
  articleIds?: number[] | undefined;
  limit: number;
}

/**
 * One merged actor of a tenant (the registry), kept up to date at ingest and removal by the
 * rules of actors/registry's mergeActors, so listing and finding actors costs the same at 100 and
 * at 100,000 articles.
 */
export interface RegistryActor {
  id: number;
  name: string;
  type: ActorType;
  /** The first roles the articles give, oldest article first (a few, not all). */
  roles: { text: string; articleId: number }[];
  mentionCount: number;
  articleCount: number;
  salience: number;
}

/** A registry actor holding a looked-up key. */
export interface RegistryMatch {
  key: string;
  /** True for a name, alias, acronym or variant; false for a full name's bare surname, which may be anyone's. */
  precise: boolean;
  actor: RegistryActor;
}

/** A sentence by position. */
export interface PassageRef {
  articleId: number;
  ordinal: number;
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

/** Articles and their stored analyses. */
export interface ArticleRepository {
  /**
   * Stores an article with its sentences, analysis and (when given) near-duplicate signature
   * atomically; the same content or URL again is a duplicate.
   */
  addArticle(tenant: TenantId, article: PreparedArticle): Promise<AddArticleResult>;
  /** The tenant's article with this content hash (see text/hash.ts), or undefined: the duplicate check before any analysis. */
  findArticleByContent(tenant: TenantId, contentHash: string): Promise<ArticleSummary | undefined>;
  /**
   * Stores several articles in one commit (bulk ingest), each as addArticle would and on its own
   * (a savepoint each): one that fails is reported failed, storing nothing, and the others are
   * stored; an article duplicating an earlier one of the same call is a duplicate of it. Throws
   * only when the commit as a whole fails, storing none of them.
   */
  addArticles(tenant: TenantId, articles: PreparedArticle[]): Promise<AddManyResult[]>;
  /** One article with its text, or undefined when the tenant has no such article. */
  getArticle(tenant: TenantId, id: number): Promise<StoredArticle | undefined>;
  /** Articles newest first (by published date, else ingestion). */
  listArticles(tenant: TenantId, options?: ListArticlesOptions): Promise<ArticleSummary[]>;
  /** The tenant's article stored under this URL (a link already added), or undefined. */
  findArticleByUrl(tenant: TenantId, url: string): Promise<ArticleSummary | undefined>;
  /** Articles stored in a window of time (a digest's), newest first. */
  listArticlesStored(tenant: TenantId, window: StoredWindow): Promise<ArticleSummary[]>;
  /** Number of articles the tenant has. */
  countArticles(tenant: TenantId): Promise<number>;
  /** Removes an article and everything derived from it (sentences, actors, registry counts); false when there was none. */
  removeArticle(tenant: TenantId, id: number): Promise<boolean>;
  /** Stored analyses of the given articles. */
  getAnalyses(tenant: TenantId, articleIds: number[]): Promise<Map<number, ArticleAnalysis>>;
}

/**
 * The tenant's sentences and their full-text index. Ranking is BM25 over the tenant's own
 * sentences only (document frequencies and lengths per tenant), on the tokens of
 * store/search-tokens.ts, so every backend ranks alike and no tenant shifts another's ranking.
 */
export interface PassageIndex {
  /** BM25-ranked sentences matching any of the terms. */
  searchPassages(tenant: TenantId, query: PassageQuery): Promise<PassageHit[]>;
  /** All sentences of an article in order. */
  getPassages(tenant: TenantId, articleId: number): Promise<Passage[]>;
  /** Sentences at the given positions, in the order asked; positions that do not exist are left out. */
  getPassagesAt(tenant: TenantId, refs: PassageRef[]): Promise<Passage[]>;
}

/**
 * Per-article actors and the tenant's merged actors (the registry). The port owns alias
 * normalisation: keys passed in and stored are actors/normalise.ts's `normaliseAlias` of a name,
 * and the registry derives its keys from the article actors itself (actors/registry-merge.ts).
 */
export interface ActorIndex {
  /** Per-article actor rows, for the given articles or all of the tenant's. */
  listArticleActors(tenant: TenantId, articleIds?: number[]): Promise<ArticleActor[]>;
  /**
   * The given articles' actors, name and type only: a "who did…" answer reads them, and these two
   * columns are read without the actor JSON (0.25 ms for ten articles at 100,000, 2 ms with it).
   */
  listActorNames(tenant: TenantId, articleIds: number[]): Promise<ArticleActorName[]>;
  /** The tenant's merged actors, most important first (salience, then mentions). */
  listRegistryActors(tenant: TenantId, limit: number): Promise<RegistryActor[]>;
  /** Merged actors holding any of these normalised keys (see actors/normalise.ts), one entry per key and actor. */
  findRegistryActors(tenant: TenantId, keys: string[]): Promise<RegistryMatch[]>;
  /** Merged actors with a name or alias key starting with this normalised prefix, most important first. */
  suggestRegistryActors(tenant: TenantId, prefix: string, limit: number): Promise<RegistryActor[]>;
  /** A merged actor's surface names, most used first. */
  listRegistryAliases(tenant: TenantId, actorId: number, limit: number): Promise<string[]>;
  /** The per-article rows merged into one actor, oldest article first; `quotedOnly` keeps rows with quotes. */
  listRegistryMembers(
    tenant: TenantId,
    actorId: number,
    options?: { quotedOnly?: boolean | undefined; limit?: number | undefined },
  ): Promise<ArticleActor[]>;
}

/**
 * Follow-up contexts. Writes are checked against the version read: two processes answering in the
 * same thread at once cannot overwrite each other's turns (the loser re-reads and re-applies).
 */
export interface ConversationStore {
  /** A saved conversation with the version it was read at, or undefined. */
  getConversation(tenant: TenantId, id: string): Promise<Conversation | undefined>;
  /**
   * Creates a conversation (no `version`) or replaces the one read at `version`. Returns false,
   * writing nothing, when another writer got there first (it exists, or its version moved on).
   */
  saveConversation(tenant: TenantId, conversation: Conversation): Promise<boolean>;
}

/**
 * Where articles, their sentences, per-article actors and conversations live: the role ports on
 * one backend. Every method is scoped by tenant; no method may return another tenant's data.
 * Code that needs one role takes that port, not this.
 */
export interface ArticleStore extends ArticleRepository, PassageIndex, ActorIndex, ConversationStore {
  /** Releases the connection; further calls fail. */
  close(): Promise<void>;
}
