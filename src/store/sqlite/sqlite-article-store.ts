import Database from 'better-sqlite3';
import type { Clock } from '../../core/clock.ts';
import { AppError, StoreError } from '../../core/errors.ts';
import type {
  ArticleActor,
  ArticleAnalysis,
  ArticleSummary,
  Conversation,
  ExtractedActor,
  Passage,
  PassageHit,
  PreparedArticle,
  StoredArticle,
  TenantId,
} from '../../core/types.ts';
import { words } from '../../text/tokens.ts';
import type { AddArticleResult, ArticleStore, ListArticlesOptions, PassageQuery } from '../article-store.ts';
import { defaultAliasKeys } from './default-alias-keys.ts';
import { toFtsMatch } from './fts-query.ts';
import { migrate } from './migrations.ts';
import {
  parseAnalysis,
  toArticleActor,
  toSortInstant,
  toStoredActor,
  toStoredArticle,
  toSummary,
} from './rows.ts';
import { SqliteFeedStore } from './sqlite-feed-store.ts';
import { SqliteNearDuplicateStore } from './sqlite-near-duplicate-store.ts';
import { SqliteUsageLedger } from './sqlite-usage-ledger.ts';
import { prepareStatements, type Statements } from './statements.ts';

/** Options of {@link SqliteArticleStore.open}. */
export interface SqliteArticleStoreOptions {
  /** Database file, or ':memory:'. */
  path: string;
  /** Source of ingestedAt and conversation updated_at. */
  clock: Clock;
  /** Normalised alias keys to index for an article actor (actors/registry's aliasKeys in production). */
  aliasKeys?: ((actor: ExtractedActor) => string[]) | undefined;
  /** How long a write waits for another connection's lock before failing; default 5 s. */
  busyTimeoutMs?: number | undefined;
}

/** ArticleStore on one SQLite file (better-sqlite3, WAL, FTS5 for passage search). */
export class SqliteArticleStore implements ArticleStore {
  private db: Database.Database | undefined;
  private readonly statements: Statements;
  private readonly insertArticleTx: (tenant: TenantId, article: PreparedArticle) => AddArticleResult;

  private constructor(
    db: Database.Database,
    private readonly clock: Clock,
    private readonly aliasKeys: (actor: ExtractedActor) => string[],
  ) {
    this.db = db;
    this.statements = prepareStatements(db);
    const tx = db.transaction((tenant: TenantId, article: PreparedArticle) =>
      this.insertArticle(tenant, article),
    );
    // IMMEDIATE takes the write lock up front, so the duplicate check and the insert see the same state
    // even with another process writing the same file.
    this.insertArticleTx = (tenant, article) => tx.immediate(tenant, article);
  }

  /** Opens (creating if needed) and migrates the database; throws StoreError for a newer schema. */
  static open(options: SqliteArticleStoreOptions): SqliteArticleStore {
    let db: Database.Database;
    try {
      db = new Database(options.path);
    } catch (cause) {
      throw new StoreError(`cannot open SQLite database ${options.path}`, { cause });
    }
    try {
      db.pragma('journal_mode = WAL');
      // NORMAL is durable across application crashes in WAL mode; only an OS crash may lose the last commits.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
      migrate(db);
      return new SqliteArticleStore(db, options.clock, options.aliasKeys ?? defaultAliasKeys);
    } catch (cause) {
      db.close();
      throw cause instanceof StoreError
        ? cause
        : new StoreError(`cannot prepare SQLite database ${options.path}`, { cause });
    }
  }

  async addArticle(tenant: TenantId, article: PreparedArticle): Promise<AddArticleResult> {
    return this.run('addArticle', () => this.insertArticleTx(tenant, article));
  }

  async getArticle(tenant: TenantId, id: number): Promise<StoredArticle | undefined> {
    return this.run('getArticle', (s) => {
      const row = s.getArticle.get(tenant, id);
      return row ? toStoredArticle(row) : undefined;
    });
  }

  async listArticles(tenant: TenantId, options: ListArticlesOptions = {}): Promise<ArticleSummary[]> {
    return this.run('listArticles', (s) => {
      let since: string | null = null;
      if (options.since !== undefined) {
        since = toSortInstant(options.since) ?? null;
        if (since === null)
          throw new StoreError(`since is not an ISO date: ${JSON.stringify(options.since)}`);
      }
      if (options.ids?.length === 0) return [];
      const limit = options.limit === undefined ? -1 : Math.max(0, Math.floor(options.limit));
      const ids = idsJson(options.ids);
      const rows =
        ids === undefined
          ? s.listArticles.all({ tenant, since, limit })
          : s.listArticlesByIds.all({ tenant, since, ids, limit });
      return rows.map(toSummary);
    });
  }

  async countArticles(tenant: TenantId): Promise<number> {
    return this.run('countArticles', (s) => s.countArticles.get(tenant)?.n ?? 0);
  }

  async removeArticle(tenant: TenantId, id: number): Promise<boolean> {
    return this.run('removeArticle', (s) => s.removeArticle.run(tenant, id).changes > 0);
  }

  async searchPassages(tenant: TenantId, query: PassageQuery): Promise<PassageHit[]> {
    return this.run('searchPassages', (s) => {
      const match = toFtsMatch(query.terms);
      const limit = Math.floor(query.limit);
      if (match === undefined || !(limit > 0) || query.articleIds?.length === 0) return [];
      try {
        return s.searchPassages.all({ match, tenant, ids: idsJson(query.articleIds) ?? null, limit });
      } catch (error) {
        // Quoting should leave nothing for FTS5 to reject; if it still does, the words are unsearchable, not a fault.
        if (error instanceof Error && /fts5/i.test(error.message)) return [];
        throw error;
      }
    });
  }

  async getPassages(tenant: TenantId, articleId: number): Promise<Passage[]> {
    return this.run('getPassages', (s) => s.getPassages.all(tenant, articleId));
  }

  async getAnalyses(tenant: TenantId, articleIds: number[]): Promise<Map<number, ArticleAnalysis>> {
    return this.run('getAnalyses', (s) => {
      const analyses = new Map<number, ArticleAnalysis>();
      if (articleIds.length === 0) return analyses;
      for (const row of s.getAnalyses.all({ tenant, ids: idsJson(articleIds) ?? '[]' })) {
        analyses.set(row.id, parseAnalysis(row.analysis_json));
      }
      return analyses;
    });
  }

  async listArticleActors(tenant: TenantId, articleIds?: number[]): Promise<ArticleActor[]> {
    return this.run('listArticleActors', (s) => {
      if (articleIds?.length === 0) return [];
      const ids = idsJson(articleIds);
      const rows =
        ids === undefined ? s.listActors.all({ tenant }) : s.listActorsByArticle.all({ tenant, ids });
      return rows.map(toArticleActor);
    });
  }

  async findArticleActorsByAlias(tenant: TenantId, normalisedAliases: string[]): Promise<ArticleActor[]> {
    return this.run('findArticleActorsByAlias', (s) => {
      const keys = normalisedAliases.filter((key) => key !== '');
      if (keys.length === 0) return [];
      return s.findActorsByAlias.all({ tenant, keys: JSON.stringify(keys) }).map(toArticleActor);
    });
  }

  async getConversation(tenant: TenantId, id: string): Promise<Conversation | undefined> {
    return this.run('getConversation', (s) => {
      const row = s.getConversation.get(tenant, id);
      return row ? (JSON.parse(row.json) as Conversation) : undefined;
    });
  }

  async saveConversation(tenant: TenantId, conversation: Conversation): Promise<void> {
    this.run('saveConversation', (s) => {
      s.saveConversation.run(
        tenant,
        conversation.id,
        JSON.stringify(conversation),
        this.clock.now().toISOString(),
      );
    });
  }

  /** A usage ledger sharing this store's connection (the usage table lives in the same database). */
  usageLedger(): SqliteUsageLedger {
    if (this.db === undefined) throw new StoreError('article store is closed (usageLedger)');
    return new SqliteUsageLedger(this.db, this.clock);
  }

  /** A feed store sharing this store's connection (feeds reference articles in the same database). */
  feedStore(): SqliteFeedStore {
    if (this.db === undefined) throw new StoreError('article store is closed (feedStore)');
    return new SqliteFeedStore(this.db);
  }

  /** Near-duplicate fingerprints and merged outlets on this store's connection. */
  nearDuplicateStore(): SqliteNearDuplicateStore {
    if (this.db === undefined) throw new StoreError('article store is closed (nearDuplicateStore)');
    return new SqliteNearDuplicateStore(this.db);
  }

  async close(): Promise<void> {
    const db = this.db;
    this.db = undefined;
    db?.close();
  }

  /** Runs one operation on the open connection, turning driver errors into StoreError. */
  private run<T>(operation: string, fn: (statements: Statements) => T): T {
    if (this.db === undefined) throw new StoreError(`article store is closed (${operation})`);
    try {
      return fn(this.statements);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new StoreError(`article store ${operation} failed`, { cause: error });
    }
  }

  /** Body of the addArticle transaction; any throw rolls everything back. */
  private insertArticle(tenant: TenantId, article: PreparedArticle): AddArticleResult {
    const s = this.statements;
    const existing = s.findByHash.get(tenant, article.contentHash);
    if (existing) return { status: 'duplicate', article: toSummary(existing) };

    const ingestedAt = this.clock.now().toISOString();
    const wordCount = words(article.text).length;
    const articleId = Number(
      s.insertArticle.run({
        tenant,
        title: article.title,
        source: article.source ?? null,
        url: article.url ?? null,
        publishedAt: article.publishedAt ?? null,
        ingestedAt,
        datedAt: toSortInstant(article.publishedAt) ?? ingestedAt,
        text: article.text,
        contentHash: article.contentHash,
        wordCount,
        analysisJson: JSON.stringify(article.analysis),
      }).lastInsertRowid,
    );
    article.sentences.forEach((sentence, ordinal) => {
      s.insertPassage.run(tenant, articleId, ordinal, sentence.paragraph, sentence.text);
    });
    article.analysis.actors.forEach((actor, position) => {
      const stored = toStoredActor(actor, article.analysis);
      const actorId = Number(
        s.insertActor.run(tenant, articleId, position, actor.name, actor.type, JSON.stringify(stored))
          .lastInsertRowid,
      );
      for (const key of new Set(this.aliasKeys(actor))) {
        if (key !== '') s.insertAlias.run(tenant, key, actorId);
      }
    });
    return {
      status: 'added',
      article: toSummary({
        id: articleId,
        title: article.title,
        source: article.source ?? null,
        url: article.url ?? null,
        published_at: article.publishedAt ?? null,
        ingested_at: ingestedAt,
        word_count: wordCount,
      }),
    };
  }
}

/** An id filter as a JSON array for json_each, or undefined for "no filter". Non-integers can match nothing. */
function idsJson(ids: readonly number[] | undefined): string | undefined {
  return ids === undefined ? undefined : JSON.stringify(ids.filter((id) => Number.isSafeInteger(id)));
}
