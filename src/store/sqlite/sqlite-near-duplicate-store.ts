import type Database from 'better-sqlite3';
import type { TenantId } from '../../core/types.ts';
import { bandBuckets, signatureFromBytes, signatureToBytes, similarity } from '../../dedup/minhash.ts';
import type { NearDuplicateStore, NearMatch, Outlet } from '../near-duplicate-store.ts';

interface OutletRow {
  article_id: number;
  title: string;
  source: string | null;
  url: string | null;
  published_at: string | null;
  added_at: string;
}

/**
 * Candidates sharing a band bucket with the new text. json_each over an array yields key = band
 * index, value = bucket; CROSS JOIN keeps that order (32 point probes of the band index), where the
 * planner would otherwise scan article_bands (about 1 s per lookup at 5,000 articles).
 */
export const CANDIDATES_SQL = `SELECT DISTINCT s.article_id, s.signature
  FROM json_each(@buckets) AS k
  CROSS JOIN article_bands b ON b.tenant = @tenant AND b.band = k.key AND b.bucket = k.value
  CROSS JOIN article_signatures s ON s.article_id = b.article_id AND s.tenant = @tenant`;

/**
 * MinHash signatures and LSH band buckets in the article store's file: a lookup probes the 32
 * (tenant, band, bucket) keys of the new text and verifies the few candidates on their
 * signatures, so its cost does not grow with the number of stored articles.
 */
export class SqliteNearDuplicateStore implements NearDuplicateStore {
  private readonly s: Statements;

  constructor(private readonly db: Database.Database) {
    this.s = prepareStatements(db);
  }

  async findNear(
    tenant: TenantId,
    signature: Uint32Array,
    minSimilarity: number,
  ): Promise<NearMatch | undefined> {
    const rows = this.s.candidates.all({ tenant, buckets: JSON.stringify(bandBuckets(signature)) });
    let best: NearMatch | undefined;
    for (const row of rows) {
      const score = similarity(signature, signatureFromBytes(row.signature));
      if (score >= minSimilarity && (!best || score > best.similarity))
        best = { articleId: row.article_id, similarity: score };
    }
    return best;
  }

  async addSignature(tenant: TenantId, articleId: number, signature: Uint32Array): Promise<void> {
    // IMMEDIATE: a deferred transaction that reads, then writes, fails at once with "locked" when
    // another process wrote in between; taking the write lock first lets busy_timeout wait.
    this.db
      .transaction(() => {
        if (this.s.articleExists.get(tenant, articleId)) this.indexSignature(tenant, articleId, signature);
      })
      .immediate();
  }

  /** Writes an article's signature and band rows in the caller's transaction (the article's insert). */
  indexSignature(tenant: TenantId, articleId: number, signature: Uint32Array): void {
    this.s.insertSignature.run(articleId, tenant, signatureToBytes(signature));
    bandBuckets(signature).forEach((bucket, band) => {
      this.s.insertBand.run(tenant, band, bucket, articleId);
    });
  }

  async addOutlet(tenant: TenantId, articleId: number, outlet: Outlet): Promise<boolean> {
    const result = this.s.insertOutlet.run({
      tenant,
      articleId,
      title: outlet.title,
      source: outlet.source ?? null,
      url: outlet.url ?? null,
      publishedAt: outlet.publishedAt ?? null,
      addedAt: outlet.addedAt,
      key: outlet.url ? `url:${outlet.url}` : `title:${outlet.source ?? ''}:${outlet.title.toLowerCase()}`,
    });
    return result.changes === 1;
  }

  async listOutlets(tenant: TenantId, articleIds: readonly number[]): Promise<Map<number, Outlet[]>> {
    const out = new Map<number, Outlet[]>();
    if (articleIds.length === 0) return out;
    for (const row of this.s.outlets.all(tenant, JSON.stringify(articleIds))) {
      const list = out.get(row.article_id) ?? [];
      list.push({
        title: row.title,
        source: row.source ?? undefined,
        url: row.url ?? undefined,
        publishedAt: row.published_at ?? undefined,
        addedAt: row.added_at,
      });
      out.set(row.article_id, list);
    }
    return out;
  }
}

function prepareStatements(db: Database.Database) {
  return {
    candidates: db.prepare<{ tenant: string; buckets: string }, { article_id: number; signature: Buffer }>(
      CANDIDATES_SQL,
    ),
    insertSignature: db.prepare<[number, string, Buffer]>(
      `INSERT OR REPLACE INTO article_signatures (article_id, tenant, signature) VALUES (?, ?, ?)`,
    ),
    insertBand: db.prepare<[string, number, number, number]>(
      `INSERT OR IGNORE INTO article_bands (tenant, band, bucket, article_id) VALUES (?, ?, ?, ?)`,
    ),
    articleExists: db.prepare<[string, number], { id: number }>(
      `SELECT id FROM articles WHERE tenant = ? AND id = ?`,
    ),
    insertOutlet: db.prepare(
      `INSERT INTO article_outlets (tenant, article_id, title, source, url, published_at, added_at, outlet_key)
       SELECT @tenant, @articleId, @title, @source, @url, @publishedAt, @addedAt, @key
       FROM articles WHERE tenant = @tenant AND id = @articleId
       ON CONFLICT (article_id, outlet_key) DO NOTHING`,
    ),
    outlets: db.prepare<[string, string], OutletRow>(
      `SELECT article_id, title, source, url, published_at, added_at FROM article_outlets
       WHERE tenant = ? AND article_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    ),
  };
}

type Statements = ReturnType<typeof prepareStatements>;
