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
  type ActorNameRow,
  parseAnalysis,
  toActorName,
  toSortInstant,
  toStoredActor,
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
import { type MemberRow, memberRowOf, toRegistryActor } from '../registry-groups.ts';
import { indexedText } from '../search-tokens.ts';
import { PgActorRegistry, type PgGroupRow, toGroupRow } from './pg-actor-registry.ts';
import {
  articleActorOf,
  type PgArticleRow,
  type PgSummaryRow,
  pgLimit,
  SQL,
  safeIds,
  storedArticleOf,
  summaryOf,
} from './pg-article-sql.ts';
import type { PgClient, PgDatabase } from './pg-database.ts';
import { toPgStoreError } from './pg-errors.ts';
import { writeSignature } from './pg-near-duplicate-store.ts';
import { forgetSentences, insertSentences, searchSentences, toPassage } from './pg-passage-index.ts';
import { lockSearchTenant, SearchStatsDelta } from './pg-search-stats.ts';

/** Attempts of a write that meets a deadlock or serialization failure ('busy') before it is a fault. */
const BUSY_RETRIES = 4;

/**
 * ArticleStore on PostgreSQL, over a {@link PgDatabase} migrated to the latest schema (see
 * pg-backend.ts). Writes of one tenant take that tenant's statistics lock first, so the duplicate
 * checks, the BM25 statistics and the registry see one writer at a time per tenant, across
 * processes; the unique content hash makes a second process storing the same article find the first.
 */
export class PgArticleStore implements ArticleStore {
  private closed = false;

  constructor(
    private readonly db: PgDatabase,
    private readonly clock: Clock,
    /** Whether close() also closes the database (false when other ports share it). */
    private readonly ownsDatabase = false,
  ) {}

  async addArticle(tenant: TenantId, article: PreparedArticle): Promise<AddArticleResult> {
    return this.write('addArticle', async (client) => {
      const tenantKey = await lockSearchTenant(client, tenant);
      const { result, stats } = await this.insertArticle(client, tenant, tenantKey, article);
      await stats.write(client, tenantKey);
      return result;
    });
  }

  async addArticles(tenant: TenantId, articles: PreparedArticle[]): Promise<AddManyResult[]> {
    this.assertOpen('addArticles');
    if (articles.length === 0) return [];
    return this.write('addArticles', async (client) => {
      const tenantKey = await lockSearchTenant(client, tenant);
      const results: AddManyResult[] = [];
      // The statistics of the articles stored, applied once for the batch.
      const batchStats = new SearchStatsDelta();
      // One commit for all; a savepoint per article, so a failing one rolls back alone.
      for (const article of articles) {
        await client.query('SAVEPOINT article');
        try {
          const { result, stats } = await this.insertArticle(client, tenant, tenantKey, article);
          await client.query('RELEASE SAVEPOINT article');
          batchStats.merge(stats);
          results.push(result);
        } catch (error) {
          await client.query('ROLLBACK TO SAVEPOINT article');
          results.push({ status: 'failed', error });
        }
      }
      await batchStats.write(client, tenantKey);
      return results;
    });
  }

  async findArticleByContent(tenant: TenantId, contentHash: string): Promise<ArticleSummary | undefined> {
    const r = await this.read<PgSummaryRow>('findArticleByContent', SQL.findByHash, [tenant, contentHash]);
    return r[0] ? summaryOf(r[0]) : undefined;
  }

  async getArticle(tenant: TenantId, id: number): Promise<StoredArticle | undefined> {
    if (!Number.isSafeInteger(id)) return this.nothing('getArticle', undefined);
    const r = await this.read<PgArticleRow>('getArticle', SQL.getArticle, [tenant, id]);
    return r[0] ? storedArticleOf(r[0]) : undefined;
  }

  async listArticles(tenant: TenantId, options: ListArticlesOptions = {}): Promise<ArticleSummary[]> {
    this.assertOpen('listArticles');
    let since: string | null = null;
    if (options.since !== undefined) {
      since = toSortInstant(options.since) ?? null;
      if (since === null) throw new StoreError(`since is not an ISO date: ${JSON.stringify(options.since)}`);
    }
    if (options.ids?.length === 0) return [];
    const ids = options.ids === undefined ? null : safeIds(options.ids);
    const rows = await this.read<PgSummaryRow>('listArticles', SQL.listArticles, [
      tenant,
      since,
      ids,
      pgLimit(options.limit),
    ]);
    return rows.map(summaryOf);
  }

  async findArticleByUrl(tenant: TenantId, url: string): Promise<ArticleSummary | undefined> {
    const r = await this.read<PgSummaryRow>('findArticleByUrl', SQL.findByUrl, [tenant, url]);
    return r[0] ? summaryOf(r[0]) : undefined;
  }

  async listArticlesStored(tenant: TenantId, window: StoredWindow): Promise<ArticleSummary[]> {
    const rows = await this.read<PgSummaryRow>('listArticlesStored', SQL.listArticlesStored, [
      tenant,
      window.from.toISOString(),
      window.to.toISOString(),
      pgLimit(window.limit),
    ]);
    return rows.map(summaryOf);
  }

  async countArticles(tenant: TenantId): Promise<number> {
    const r = await this.read<{ n: number }>('countArticles', SQL.countArticles, [tenant]);
    return r[0]?.n ?? 0;
  }

  async removeArticle(tenant: TenantId, id: number): Promise<boolean> {
    if (!Number.isSafeInteger(id)) return this.nothing('removeArticle', false);
    return this.write('removeArticle', async (client) => {
      const tenantKey = await lockSearchTenant(client, tenant);
      const exists = await client.query(SQL.articleExists, [tenant, id]);
      if (exists.rows.length === 0) return false;
      const registry = new PgActorRegistry(client, tenant);
      const groups = await registry.groupsOfArticle(id);
      await forgetSentences(client, tenantKey, id);
      const gone = new SearchStatsDelta();
      gone.addArticle(-1);
      await gone.write(client, tenantKey);
      await client.query(SQL.removeArticle, [tenant, id]);
      await registry.rebuild(groups);
      return true;
    });
  }

  async getAnalyses(tenant: TenantId, articleIds: number[]): Promise<Map<number, ArticleAnalysis>> {
    const analyses = new Map<number, ArticleAnalysis>();
    if (articleIds.length === 0) return this.nothing('getAnalyses', analyses);
    const rows = await this.read<{ id: string; analysis_json: string }>('getAnalyses', SQL.getAnalyses, [
      tenant,
      safeIds(articleIds),
    ]);
    for (const row of rows) analyses.set(Number(row.id), parseAnalysis(row.analysis_json));
    return analyses;
  }

  async searchPassages(tenant: TenantId, query: PassageQuery): Promise<PassageHit[]> {
    this.assertOpen('searchPassages');
    return this.guard('searchPassages', () => searchSentences(this.db, tenant, query));
  }

  async getPassages(tenant: TenantId, articleId: number): Promise<Passage[]> {
    if (!Number.isSafeInteger(articleId)) return this.nothing('getPassages', []);
    const rows = await this.read<PassageRow>('getPassages', SQL.getPassages, [tenant, articleId]);
    return rows.map(toPassage);
  }

  async getPassagesAt(tenant: TenantId, refs: PassageRef[]): Promise<Passage[]> {
    const wanted = refs.filter((r) => Number.isSafeInteger(r.articleId) && Number.isSafeInteger(r.ordinal));
    if (wanted.length === 0) return this.nothing('getPassagesAt', []);
    const rows = await this.read<PassageRow>('getPassagesAt', SQL.passagesAt, [
      tenant,
      wanted.map((r) => r.articleId),
      wanted.map((r) => r.ordinal),
    ]);
    return rows.map(toPassage);
  }

  async listArticleActors(tenant: TenantId, articleIds?: number[]): Promise<ArticleActor[]> {
    if (articleIds?.length === 0) return this.nothing('listArticleActors', []);
    const ids = articleIds === undefined ? null : safeIds(articleIds);
    const rows = await this.read<{ article_id: string; actor_json: string }>(
      'listArticleActors',
      SQL.listActors,
      [tenant, ids],
    );
    return rows.map(articleActorOf);
  }

  async listActorNames(tenant: TenantId, articleIds: number[]): Promise<ArticleActorName[]> {
    if (articleIds.length === 0) return this.nothing('listActorNames', []);
    const rows = await this.read<ActorNameRow>('listActorNames', SQL.listActorNames, [
      tenant,
      safeIds(articleIds),
    ]);
    return rows.map(toActorName);
  }

  async listRegistryActors(tenant: TenantId, limit: number): Promise<RegistryActor[]> {
    const rows = await this.read<PgGroupRow>('listRegistryActors', SQL.listRegistry, [
      tenant,
      pgLimit(limit) ?? 0,
    ]);
    return rows.map((r) => toRegistryActor(toGroupRow(r)));
  }

  async findRegistryActors(tenant: TenantId, keys: string[]): Promise<RegistryMatch[]> {
    const wanted = [...new Set(keys.filter((k) => typeof k === 'string' && k !== ''))];
    if (wanted.length === 0) return this.nothing('findRegistryActors', []);
    const rows = await this.read<PgGroupRow & { key: string; kind: number }>(
      'findRegistryActors',
      SQL.findRegistry,
      [tenant, wanted],
    );
    return rows.map((row) => ({
      key: row.key,
      precise: row.kind < 2,
      actor: toRegistryActor(toGroupRow(row)),
    }));
  }

  async suggestRegistryActors(tenant: TenantId, prefix: string, limit: number): Promise<RegistryActor[]> {
    if (prefix === '') return this.listRegistryActors(tenant, limit);
    const rows = await this.read<PgGroupRow>('suggestRegistryActors', SQL.suggestRegistry, [
      tenant,
      prefix,
      `${prefix}\uffff`,
      pgLimit(limit) ?? 0,
    ]);
    return rows.map((r) => toRegistryActor(toGroupRow(r)));
  }

  async listRegistryAliases(tenant: TenantId, actorId: number, limit: number): Promise<string[]> {
    if (!Number.isSafeInteger(actorId)) return this.nothing('listRegistryAliases', []);
    const rows = await this.read<{ alias: string }>('listRegistryAliases', SQL.registryAliases, [
      tenant,
      actorId,
      pgLimit(limit) ?? 0,
    ]);
    return rows.map((r) => r.alias);
  }

  async listRegistryMembers(
    tenant: TenantId,
    actorId: number,
    options: { quotedOnly?: boolean | undefined; limit?: number | undefined } = {},
  ): Promise<ArticleActor[]> {
    if (!Number.isSafeInteger(actorId)) return this.nothing('listRegistryMembers', []);
    const rows = await this.read<{ article_id: string; actor_json: string }>(
      'listRegistryMembers',
      options.quotedOnly ? SQL.registryQuotedMembers : SQL.registryMembers,
      [tenant, actorId, pgLimit(options.limit)],
    );
    return rows.map(articleActorOf);
  }

  async getConversation(tenant: TenantId, id: string): Promise<Conversation | undefined> {
    const r = await this.read<{ json: string; version: number }>('getConversation', SQL.getConversation, [
      tenant,
      id,
    ]);
    const row = r[0];
    return row ? { ...(JSON.parse(row.json) as Conversation), version: row.version } : undefined;
  }

  async saveConversation(tenant: TenantId, conversation: Conversation): Promise<boolean> {
    this.assertOpen('saveConversation');
    const { version, ...body } = conversation;
    const json = JSON.stringify(body);
    const now = this.clock.now().toISOString();
    const result =
      version === undefined
        ? await this.db.query('saveConversation', SQL.createConversation, [
            tenant,
            conversation.id,
            json,
            now,
          ])
        : await this.db.query('saveConversation', SQL.replaceConversation, [
            tenant,
            conversation.id,
            json,
            now,
            version,
          ]);
    return result.rowCount === 1;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsDatabase) await this.db.close();
  }

  /** Body of an article insert, on the caller's transaction (which holds the tenant's lock). */
  private async insertArticle(
    client: PgClient,
    tenant: TenantId,
    tenantKey: number,
    prepared: PreparedArticle,
  ): Promise<{ result: AddArticleResult; stats: SearchStatsDelta }> {
    const unchanged = new SearchStatsDelta();
    const article = withoutNul(prepared);
    const existing = await client.query<PgSummaryRow>(SQL.findByHash, [tenant, article.contentHash]);
    const duplicate = (row: PgSummaryRow) => ({
      result: { status: 'duplicate' as const, article: summaryOf(row) },
      stats: unchanged,
    });
    if (existing.rows[0]) return duplicate(existing.rows[0]);
    if (article.url) {
      const sameUrl = await client.query<PgSummaryRow>(SQL.findByUrl, [tenant, article.url]);
      if (sameUrl.rows[0]) return duplicate(sameUrl.rows[0]);
    }
    const ingestedAt = this.clock.now().toISOString();
    const wordCount = words(article.text).length;
    const inserted = await client.query<{ id: string }>(SQL.insertArticle, [
      tenant,
      article.title,
      article.source ?? null,
      article.url ?? null,
      article.publishedAt ?? null,
      ingestedAt,
      toSortInstant(article.publishedAt) ?? ingestedAt,
      article.text,
      article.contentHash,
      wordCount,
      JSON.stringify(article.analysis),
      article.byline ?? null,
      article.language ?? null,
    ]);
    const row = inserted.rows[0];
    if (row === undefined) {
      // Another writer of the tenant without the lock (an older build) stored it first.
      const again = await client.query<PgSummaryRow>(SQL.findByHash, [tenant, article.contentHash]);
      return duplicate(again.rows[0]!);
    }
    const articleId = Number(row.id);
    const stats = await insertSentences(
      client,
      tenant,
      tenantKey,
      articleId,
      article.sentences.map((s, ordinal) => ({
        ordinal,
        paragraph: s.paragraph,
        text: s.text,
        indexed: indexedText(article.title, ordinal, s.text),
      })),
    );
    stats.addArticle(1);
    await this.insertActors(client, tenant, articleId, article);
    if (article.signature) await writeSignature(client, tenant, articleId, article.signature);
    const summary = summaryOf({
      id: row.id,
      title: article.title,
      source: article.source ?? null,
      url: article.url ?? null,
      published_at: article.publishedAt ?? null,
      ingested_at: ingestedAt,
      word_count: wordCount,
    });
    return { result: { status: 'added', article: summary }, stats };
  }

  /** The article's actor rows, then their registry merge, in the same transaction. */
  private async insertActors(
    client: PgClient,
    tenant: TenantId,
    articleId: number,
    article: PreparedArticle,
  ): Promise<void> {
    const actors = article.analysis.actors;
    if (actors.length === 0) return;
    // Checked after the sentences are written: a bad row rolls the whole article back.
    for (const actor of actors) assertActorType(actor.type);
    const stored = actors.map((actor) => toStoredActor(actor, article.analysis));
    const inserted = await client.query<{ id: string; position: number }>(SQL.insertActors, [
      tenant,
      articleId,
      actors.map((_, i) => i),
      actors.map((a) => a.name),
      actors.map((a) => a.type),
      stored.map((s) => JSON.stringify(s)),
      stored.map((s) => s.quotes.length),
    ]);
    const members: MemberRow[] = inserted.rows.map((r) =>
      memberRowOf(actors[r.position]!, articleId, Number(r.id)),
    );
    await new PgActorRegistry(client, tenant).addArticleRows(members);
  }

  /** A write transaction, retried a few times when PostgreSQL reports a deadlock or lock timeout. */
  private async write<T>(operation: string, work: (client: PgClient) => Promise<T>): Promise<T> {
    this.assertOpen(operation);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.guard(operation, () => this.db.transaction(operation, work));
      } catch (error) {
        if (!(error instanceof StoreError && error.kind === 'busy') || attempt >= BUSY_RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
      }
    }
  }

  private async read<R extends object>(operation: string, sql: string, params: unknown[]): Promise<R[]> {
    this.assertOpen(operation);
    return this.guard(operation, async () => (await this.db.query(operation, sql, params)).rows as R[]);
  }

  /** Runs one operation, letting the project's own errors through and wrapping driver ones. */
  private async guard<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw toPgStoreError(`PostgreSQL article store ${operation} failed`, error);
    }
  }

  /** An answer known without asking the database, still refused once closed. */
  private nothing<T>(operation: string, value: T): T {
    this.assertOpen(operation);
    return value;
  }

  private assertOpen(operation: string): void {
    if (this.closed) throw new StoreError(`article store is closed (${operation})`);
  }
}

type PassageRow = { article_id: string; ordinal: number; paragraph: number; text: string };

/** PostgreSQL text cannot hold NUL: an article carrying one (text, names, analysis) keeps U+FFFD in its place. */
function withoutNul<T>(value: T): T {
  if (typeof value === 'string')
    return (value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value) as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  // Binary fields (the MinHash signature) hold no text and must stay typed arrays.
  if (ArrayBuffer.isView(value)) return value;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNul(v)])) as T;
  }
  return value;
}
