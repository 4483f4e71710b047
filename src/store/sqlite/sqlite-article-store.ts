import Database from 'better-sqlite3';
import type { Clock } from '../../core/clock.ts';
import { AppError, StoreError } from '../../core/errors.ts';
import type {
  ArticleActor,
  ArticleActorName,
  ArticleAnalysis,
  ArticleSummary,
  Conversation,
  Passage,
  PassageHit,
  PreparedArticle,
  StoredArticle,
  TenantId,
} from '../../core/types.ts';
import { words } from '../../text/tokens.ts';
import {
  parseAnalysis,
  toActorName,
  toArticleActor,
  toSortInstant,
  toStoredActor,
  toStoredArticle,
  toSummary,
} from '../article-rows.ts';
import {
  type AddArticleResult,
  type AddManyResult,
  type ArticleStore,
  assertActorType,
  type ListArticlesOptions,
  type PassageQuery,
  type PassageRef,
  type RegistryActor,
  type RegistryMatch,
  type StoredWindow,
} from '../article-store.ts';
import type { Backend } from '../backend.ts';
import { memberRowOf } from '../registry-groups.ts';
import { indexedText } from '../search-tokens.ts';
import { SqliteActorRegistry, toRegistryActor } from './actor-registry.ts';
import { migrate } from './migrations.ts';
import { type IndexedSentence, SqlitePassageIndexes } from './passage-index.ts';
import { SqliteDigestStore } from './sqlite-digest-store.ts';
import { toStoreError } from './sqlite-errors.ts';
import { SqliteFeedStore } from './sqlite-feed-store.ts';
import { SqliteNearDuplicateStore } from './sqlite-near-duplicate-store.ts';
import { SqlitePendingReplyStore } from './sqlite-pending-reply-store.ts';
import { SqliteUsageLedger } from './sqlite-usage-ledger.ts';
import { prepareStatements, type Statements } from './statements.ts';

/** Attempts of a write transaction that finds the database locked, each after busy_timeout. */
const BUSY_RETRIES = 4;

/** Options of {@link SqliteArticleStore.open}. */
export interface SqliteArticleStoreOptions {
  /** Database file, or ':memory:'. */
  path: string;
  /** Source of ingestedAt and conversation updated_at. */
  clock: Clock;
  /** How long a write waits for another connection's lock before failing; default 5 s. */
  busyTimeoutMs?: number | undefined;
}

/** ArticleStore on one SQLite file (better-sqlite3, WAL, an FTS5 table per tenant for passage search). */
export class SqliteArticleStore implements ArticleStore {
  private db: Database.Database | undefined;
  private readonly statements: Statements;
  private readonly insertArticleTx: (tenant: TenantId, article: PreparedArticle) => AddArticleResult;
  private readonly removeArticleTx: (tenant: TenantId, id: number) => boolean;
  private readonly insertManyTx: (tenant: TenantId, articles: PreparedArticle[]) => AddManyResult[];
  private readonly registry: SqliteActorRegistry;
  private readonly indexes: SqlitePassageIndexes;
  /** Near-duplicate signatures, written in the article's own transaction when it carries one. */
  private readonly nearIndex: SqliteNearDuplicateStore;

  private constructor(
    db: Database.Database,
    private readonly clock: Clock,
    private readonly path: string,
  ) {
    this.db = db;
    this.statements = prepareStatements(db);
    this.registry = new SqliteActorRegistry(db);
    this.indexes = new SqlitePassageIndexes(db);
    this.nearIndex = new SqliteNearDuplicateStore(db);
    const tx = db.transaction((tenant: TenantId, article: PreparedArticle) =>
      this.insertArticle(tenant, article),
    );
    // IMMEDIATE takes the write lock up front, so the duplicate check and the insert see the same state
    // even with another process writing the same file.
    this.insertArticleTx = (tenant, article) => tx.immediate(tenant, article);
    // Called inside the outer transaction, `inBatch` runs in a SAVEPOINT: a failing article rolls back alone.
    // Its sentences reach the full-text index after the savepoints: FTS5 flushes its pending terms at
    // every savepoint, which per article was most of the cost of indexing.
    const inBatch = db.transaction(
      (tenant: TenantId, article: PreparedArticle, sentences: IndexedSentence[]) =>
        this.insertArticle(tenant, article, sentences),
    );
    const many = db.transaction((tenant: TenantId, articles: PreparedArticle[]) => {
      this.indexes.ensure(tenant);
      const toIndex: IndexedSentence[][] = [];
      const results = articles.map((article): AddManyResult => {
        try {
          const sentences: IndexedSentence[] = [];
          const result = inBatch(tenant, article, sentences);
          // Only an article whose savepoint was released is indexed.
          toIndex.push(sentences);
          return result;
        } catch (error) {
          if (error instanceof AppError && !(error instanceof StoreError)) return { status: 'failed', error };
          return {
            status: 'failed',
            error: toStoreError('article store addArticles failed', error, this.path),
          };
        }
      });
      for (const sentences of toIndex) this.indexes.addSentences(tenant, sentences);
      return results;
    });
    this.insertManyTx = (tenant, articles) => many.immediate(tenant, articles);
    const remove = db.transaction((tenant: TenantId, id: number) => this.deleteArticle(tenant, id));
    this.removeArticleTx = (tenant, id) => remove.immediate(tenant, id);
  }

  /**
   * Opens (creating if needed) and migrates the database; throws StoreError for a newer schema.
   * Two processes creating one file at once can meet a lock SQLite reports at once instead of
   * waiting for (busy_timeout does not cover every step of creating and switching to WAL), so a
   * busy open is tried a few times more.
   */
  static open(options: SqliteArticleStoreOptions): SqliteArticleStore {
    for (let attempt = 1; ; attempt++) {
      try {
        return SqliteArticleStore.openOnce(options);
      } catch (error) {
        if (!(error instanceof StoreError && error.kind === 'busy') || attempt >= BUSY_RETRIES) throw error;
        // Opening is synchronous (the store is built before anything else runs), so is the pause.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50 * 2 ** attempt);
      }
    }
  }

  private static openOnce(options: SqliteArticleStoreOptions): SqliteArticleStore {
    let db: Database.Database;
    try {
      db = new Database(options.path);
    } catch (cause) {
      throw toStoreError(`cannot open SQLite database ${options.path}`, cause, options.path);
    }
    try {
      // First, so that switching to WAL and migrating wait for another process instead of failing.
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
      db.pragma('journal_mode = WAL');
      // NORMAL is durable across application crashes in WAL mode; only an OS crash may lose the last commits.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
      const store = new SqliteArticleStore(db, options.clock, options.path);
      // Actor rows stored before the registry existed (or by an older build) join it now.
      store.registry.backfill();
      return store;
    } catch (cause) {
      db.close();
      throw toStoreError(`cannot prepare SQLite database ${options.path}`, cause, options.path);
    }
  }

  async addArticle(tenant: TenantId, article: PreparedArticle): Promise<AddArticleResult> {
    return this.write('addArticle', () => this.insertArticleTx(tenant, article));
  }

  /**
   * A write transaction, retried when it finds the database locked: busy_timeout already waits for
   * the lock, and one that is still taken (another process checkpointing, a long import) is tried
   * a few times more before it counts as a fault.
   */
  private async write<T>(operation: string, fn: () => T): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return this.run(operation, fn);
      } catch (error) {
        if (!(error instanceof StoreError && error.kind === 'busy') || attempt >= BUSY_RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    }
  }

  async findArticleByContent(tenant: TenantId, contentHash: string): Promise<ArticleSummary | undefined> {
    return this.run('findArticleByContent', (s) => {
      const row = s.findByHash.get(tenant, contentHash);
      return row ? toSummary(row) : undefined;
    });
  }

  async addArticles(tenant: TenantId, articles: PreparedArticle[]): Promise<AddManyResult[]> {
    if (articles.length === 0) return [];
    return this.write('addArticles', () => this.insertManyTx(tenant, articles));
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

  async findArticleByUrl(tenant: TenantId, url: string): Promise<ArticleSummary | undefined> {
    return this.run('findArticleByUrl', (s) => {
      const row = s.findByUrl.get(tenant, url);
      return row ? toSummary(row) : undefined;
    });
  }

  async listArticlesStored(tenant: TenantId, window: StoredWindow): Promise<ArticleSummary[]> {
    return this.run('listArticlesStored', (s) =>
      s.listArticlesStored
        .all({ tenant, from: window.from.toISOString(), to: window.to.toISOString(), limit: window.limit })
        .map(toSummary),
    );
  }

  async countArticles(tenant: TenantId): Promise<number> {
    return this.run('countArticles', (s) => s.countArticles.get(tenant)?.n ?? 0);
  }

  async removeArticle(tenant: TenantId, id: number): Promise<boolean> {
    return this.run('removeArticle', () => this.removeArticleTx(tenant, id));
  }

  async searchPassages(tenant: TenantId, query: PassageQuery): Promise<PassageHit[]> {
    return this.run('searchPassages', (s) => {
      const limit = Math.floor(query.limit);
      if (!Array.isArray(query.terms) || !(limit > 0) || query.articleIds?.length === 0) return [];
      const ids = idsJson(query.articleIds) ?? null;
      let ranked: { rid: number; score: number }[];
      try {
        ranked = this.indexes.search(tenant, { terms: query.terms, ids, limit });
      } catch (error) {
        // Quoting should leave nothing for FTS5 to reject; if it still does, the words are unsearchable, not a fault.
        if (error instanceof Error && /fts5/i.test(error.message)) return [];
        throw error;
      }
      if (ranked.length === 0) return [];
      // Only the sentences kept are read, by primary key.
      const rows = new Map(
        s.passagesByIds.all({ tenant, ids: JSON.stringify(ranked.map((r) => r.rid)) }).map((r) => [r.id, r]),
      );
      return ranked.flatMap(({ rid, score }) => {
        const row = rows.get(rid);
        return row
          ? [
              {
                articleId: row.articleId,
                ordinal: row.ordinal,
                paragraph: row.paragraph,
                text: row.text,
                score,
              },
            ]
          : [];
      });
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

  async listActorNames(tenant: TenantId, articleIds: number[]): Promise<ArticleActorName[]> {
    return this.run('listActorNames', (s) => {
      if (articleIds.length === 0) return [];
      return s.listActorNames.all({ tenant, ids: idsJson(articleIds) ?? '[]' }).map(toActorName);
    });
  }

  async listRegistryActors(tenant: TenantId, limit: number): Promise<RegistryActor[]> {
    return this.run('listRegistryActors', (s) =>
      s.listRegistry.all(tenant, Math.max(0, Math.floor(limit))).map(toRegistryActor),
    );
  }

  async findRegistryActors(tenant: TenantId, keys: string[]): Promise<RegistryMatch[]> {
    return this.run('findRegistryActors', (s) => {
      const wanted = [...new Set(keys.filter((k) => typeof k === 'string' && k !== ''))];
      if (wanted.length === 0) return [];
      return s.findRegistry
        .all({ tenant, keys: JSON.stringify(wanted) })
        .map((row) => ({ key: row.key, precise: row.kind < 2, actor: toRegistryActor(row) }));
    });
  }

  async suggestRegistryActors(tenant: TenantId, prefix: string, limit: number): Promise<RegistryActor[]> {
    return this.run('suggestRegistryActors', (s) => {
      const n = Math.max(0, Math.floor(limit));
      if (prefix === '') return s.listRegistry.all(tenant, n).map(toRegistryActor);
      return s.suggestRegistry
        .all({ tenant, from: prefix, to: `${prefix}\uffff`, limit: n })
        .map(toRegistryActor);
    });
  }

  async listRegistryAliases(tenant: TenantId, actorId: number, limit: number): Promise<string[]> {
    return this.run('listRegistryAliases', (s) =>
      s.registryAliases.all(actorId, tenant, Math.max(0, Math.floor(limit))).map((r) => r.alias),
    );
  }

  async listRegistryMembers(
    tenant: TenantId,
    actorId: number,
    options: { quotedOnly?: boolean | undefined; limit?: number | undefined } = {},
  ): Promise<ArticleActor[]> {
    return this.run('listRegistryMembers', (s) =>
      (options.quotedOnly ? s.registryQuotedMembers : s.registryMembers)
        .all({
          tenant,
          id: actorId,
          limit: options.limit === undefined ? -1 : Math.max(0, Math.floor(options.limit)),
        })
        .map(toArticleActor),
    );
  }

  async getPassagesAt(tenant: TenantId, refs: PassageRef[]): Promise<Passage[]> {
    return this.run('getPassagesAt', (s) =>
      refs.flatMap((r) => {
        const row = s.passageAt.get(r.articleId, r.ordinal, tenant);
        return row ? [row] : [];
      }),
    );
  }

  async getConversation(tenant: TenantId, id: string): Promise<Conversation | undefined> {
    return this.run('getConversation', (s) => {
      const row = s.getConversation.get(tenant, id);
      return row ? { ...(JSON.parse(row.json) as Conversation), version: row.version } : undefined;
    });
  }

  async saveConversation(tenant: TenantId, conversation: Conversation): Promise<boolean> {
    return this.run('saveConversation', (s) => {
      const { version, ...body } = conversation;
      const json = JSON.stringify(body);
      const now = this.clock.now().toISOString();
      const result =
        version === undefined
          ? s.createConversation.run(tenant, conversation.id, json, now)
          : s.replaceConversation.run(json, now, tenant, conversation.id, version);
      return result.changes === 1;
    });
  }

  /** A usage ledger sharing this store's connection (the usage table lives in the same database). */
  usageLedger(): SqliteUsageLedger {
    if (this.db === undefined) throw new StoreError('article store is closed (usageLedger)');
    return new SqliteUsageLedger(this.db, this.clock);
  }

  /** Digest schedules and runs on the same connection (same file, same WAL, same busy timeout). */
  digestStore(): SqliteDigestStore {
    if (this.db === undefined) throw new StoreError('article store is closed (digestStore)');
    return new SqliteDigestStore(this.db, this.clock);
  }

  /** A feed store sharing this store's connection (feeds reference articles in the same database). */
  feedStore(): SqliteFeedStore {
    if (this.db === undefined) throw new StoreError('article store is closed (feedStore)');
    return new SqliteFeedStore(this.db);
  }

  /** Every port on this store's one connection, as the composition root hands them out. */
  backend(): Backend {
    return {
      kind: 'sqlite',
      store: this,
      usage: this.usageLedger(),
      digests: this.digestStore(),
      feeds: this.feedStore(),
      nearDuplicates: this.nearDuplicateStore(),
      pendingReplies: this.pendingReplyStore(),
      close: () => this.close(),
    };
  }

  /** Deferred replies in progress on this store's connection (another process on the file may finish them). */
  pendingReplyStore(): SqlitePendingReplyStore {
    if (this.db === undefined) throw new StoreError('article store is closed (pendingReplyStore)');
    return new SqlitePendingReplyStore(this.db);
  }

  /** Near-duplicate fingerprints and merged outlets on this store's connection. */
  nearDuplicateStore(): SqliteNearDuplicateStore {
    if (this.db === undefined) throw new StoreError('article store is closed (nearDuplicateStore)');
    return this.nearIndex;
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
      if (error instanceof AppError && !(error instanceof StoreError)) throw error;
      throw toStoreError(`article store ${operation} failed`, error, this.path);
    }
  }

  /**
   * Writes one article in the caller's transaction (any throw rolls it back). Its sentences are indexed now, or put in
   * `toIndex` when the caller indexes a batch's sentences together once every article is written.
   */
  private insertArticle(
    tenant: TenantId,
    article: PreparedArticle,
    toIndex?: IndexedSentence[],
  ): AddArticleResult {
    const s = this.statements;
    const existing = s.findByHash.get(tenant, article.contentHash);
    if (existing) return { status: 'duplicate', article: toSummary(existing) };
    const sameUrl = article.url ? s.findByUrl.get(tenant, article.url) : undefined;
    if (sameUrl) return { status: 'duplicate', article: toSummary(sameUrl) };

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
        byline: article.byline ?? null,
        language: article.language ?? null,
      }).lastInsertRowid,
    );
    const indexed = article.sentences.map((sentence, ordinal) => ({
      rowid: Number(
        s.insertPassage.run(tenant, articleId, ordinal, sentence.paragraph, sentence.text).lastInsertRowid,
      ),
      text: indexedText(article.title, ordinal, sentence.text),
    }));
    if (toIndex) toIndex.push(...indexed);
    else this.indexes.addSentences(tenant, indexed);
    const members = article.analysis.actors.map((actor, position) => {
      // Checked row by row, after the sentences are written: a bad row rolls the whole article back.
      assertActorType(actor.type);
      // The id is set when the row is written, in the group the registry chose for it.
      return { ...memberRowOf(actor, articleId, 0), position };
    });
    this.registry.addArticleRows(tenant, members, (member, groupId) => {
      const actor = article.analysis.actors[member.position]!;
      const stored = toStoredActor(actor, article.analysis);
      member.id = Number(
        s.insertActor.run(
          tenant,
          articleId,
          member.position,
          actor.name,
          actor.type,
          JSON.stringify(stored),
          stored.quotes.length,
          groupId,
        ).lastInsertRowid,
      );
    });
    if (article.signature) this.nearIndex.indexSignature(tenant, articleId, article.signature);
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

  /** Body of the removeArticle transaction: the article, what cascades from it, and its registry groups re-merged. */
  private deleteArticle(tenant: TenantId, id: number): boolean {
    const s = this.statements;
    if (!s.articleTenant.get(tenant, id)) return false;
    const groups = this.registry.groupsOfArticle(id);
    this.indexes.removeArticle(tenant, id, s.countArticlePassages.get(id)?.n ?? 0);
    s.removeArticle.run(tenant, id);
    this.registry.rebuild(tenant, groups);
    return true;
  }
}

/** An id filter as a JSON array for json_each, or undefined for "no filter". Non-integers can match nothing. */
function idsJson(ids: readonly number[] | undefined): string | undefined {
  return ids === undefined ? undefined : JSON.stringify(ids.filter((id) => Number.isSafeInteger(id)));
}
