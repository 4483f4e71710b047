import type { TenantId } from '../../core/types.ts';
import { bandBuckets, signatureFromBytes, signatureToBytes, similarity } from '../../dedup/minhash.ts';
import type { NearDuplicateStore, NearMatch, Outlet } from '../near-duplicate-store.ts';
import type { PgClient, PgDatabase } from './pg-database.ts';
import { isRowId } from './pg-row-id.ts';

interface OutletRow {
  article_id: number;
  title: string;
  source: string | null;
  url: string | null;
  published_at: string | null;
  added_at: string;
}

/**
 * Candidates sharing a band bucket with the new text. LATERAL makes each of the 32
 * (tenant, band, bucket) keys its own probe of article_bands' primary key, then each candidate's
 * signature one probe by its key, however large the tables grow (a hash join would read them whole).
 */
export const PG_CANDIDATES_SQL = `SELECT DISTINCT s.article_id::float8 AS article_id, s.signature
  FROM unnest($2::bigint[]) WITH ORDINALITY AS k (bucket, position)
  CROSS JOIN LATERAL (
    SELECT b.article_id FROM article_bands b
    WHERE b.tenant = $1 AND b.band = k.position - 1 AND b.bucket = k.bucket
  ) b
  JOIN article_signatures s ON s.article_id = b.article_id AND s.tenant = $1`;

/**
 * MinHash signatures and LSH band buckets on PostgreSQL, the same scheme as
 * SqliteNearDuplicateStore: a lookup probes the new text's 32 band keys and verifies the few
 * candidates on their signatures, so its cost does not grow with the number of stored articles.
 */
export class PgNearDuplicateStore implements NearDuplicateStore {
  constructor(private readonly db: PgDatabase) {}

  async findNear(
    tenant: TenantId,
    signature: Uint32Array,
    minSimilarity: number,
  ): Promise<NearMatch | undefined> {
    const { rows } = await this.db.query<{ article_id: number; signature: Buffer }>(
      'near-duplicate findNear',
      PG_CANDIDATES_SQL,
      [tenant, bandBuckets(signature)],
    );
    let best: NearMatch | undefined;
    for (const row of rows) {
      const score = similarity(signature, signatureFromBytes(row.signature));
      if (score >= minSimilarity && (!best || score > best.similarity))
        best = { articleId: row.article_id, similarity: score };
    }
    return best;
  }

  async addSignature(tenant: TenantId, articleId: number, signature: Uint32Array): Promise<void> {
    if (!isRowId(articleId)) return;
    await this.db.transaction('near-duplicate addSignature', async (client) => {
      // Only the tenant's own article; the share lock keeps it from vanishing before the insert.
      const article = await client.query('SELECT 1 FROM articles WHERE tenant = $1 AND id = $2 FOR SHARE', [
        tenant,
        articleId,
      ]);
      if (article.rowCount !== 1) return;
      await writeSignature(client, tenant, articleId, signature);
    });
  }

  async addOutlet(tenant: TenantId, articleId: number, outlet: Outlet): Promise<boolean> {
    if (!isRowId(articleId)) return false;
    const result = await this.db.query(
      'near-duplicate addOutlet',
      `INSERT INTO article_outlets (tenant, article_id, title, source, url, published_at, added_at, outlet_key)
       SELECT $1::text, $2::bigint, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text
       FROM articles WHERE tenant = $1 AND id = $2
       ON CONFLICT (article_id, outlet_key) DO NOTHING`,
      [
        tenant,
        articleId,
        outlet.title,
        outlet.source ?? null,
        outlet.url ?? null,
        outlet.publishedAt ?? null,
        outlet.addedAt,
        outlet.url ? `url:${outlet.url}` : `title:${outlet.source ?? ''}:${outlet.title.toLowerCase()}`,
      ],
    );
    return result.rowCount === 1;
  }

  async listOutlets(tenant: TenantId, articleIds: readonly number[]): Promise<Map<number, Outlet[]>> {
    const out = new Map<number, Outlet[]>();
    const ids = articleIds.filter(isRowId);
    if (ids.length === 0) return out;
    const { rows } = await this.db.query<OutletRow>(
      'near-duplicate listOutlets',
      `SELECT article_id::float8 AS article_id, title, source, url, published_at, added_at FROM article_outlets
       WHERE tenant = $1 AND article_id = ANY($2::bigint[]) ORDER BY id`,
      [tenant, ids],
    );
    for (const row of rows) {
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

/**
 * A signature and its LSH bands for an article known to be the tenant's, on the caller's
 * transaction: the article store writes it in the article's own transaction, so a copy stored by
 * another process at the same moment is either fully findable or not stored yet.
 */
export async function writeSignature(
  client: PgClient,
  tenant: TenantId,
  articleId: number,
  signature: Uint32Array,
): Promise<void> {
  await client.query(
    `INSERT INTO article_signatures (article_id, tenant, signature) VALUES ($1, $2, $3)
     ON CONFLICT (article_id) DO UPDATE SET tenant = excluded.tenant, signature = excluded.signature`,
    [articleId, tenant, signatureToBytes(signature)],
  );
  await client.query(
    `INSERT INTO article_bands (tenant, band, bucket, article_id)
     SELECT $1, k.position - 1, k.bucket, $3 FROM unnest($2::bigint[]) WITH ORDINALITY AS k (bucket, position)
     ON CONFLICT DO NOTHING`,
    [tenant, bandBuckets(signature), articleId],
  );
}
