import type { TenantId } from '../../core/types.ts';
import type { PgClient } from './pg-database.ts';

/**
 * The BM25 collection statistics of a tenant on PostgreSQL: its sentence count and total length
 * (search_tenants) and each term's document frequency (search_terms), changed by the sentences a
 * write adds or removes. A write accumulates its change here and applies it once before commit:
 * a row updated again and again in one transaction leaves a version per update that every later
 * update walks, so a bulk batch applying per article slowed down quadratically.
 */
export class SearchStatsDelta {
  private readonly terms = new Map<string, number>();
  private passages = 0;
  private tokens = 0;
  private articles = 0;

  /** Counts one sentence with these (tenant-prefixed) distinct terms and this length, negatively to remove it. */
  addSentence(distinctTerms: Iterable<string>, length: number, sign: 1 | -1 = 1): void {
    for (const term of distinctTerms) this.addTerm(term, sign);
    this.passages += sign;
    this.tokens += sign * length;
  }

  /** Adds `n` sentences holding a term (negative to remove). */
  addTerm(term: string, n: number): void {
    this.terms.set(term, (this.terms.get(term) ?? 0) + n);
  }

  /** Adds whole sentences' counts (negative to remove). */
  addTotals(passages: number, tokens: number): void {
    this.passages += passages;
    this.tokens += tokens;
  }

  /** Counts an article stored (1) or removed (-1). */
  addArticle(sign: 1 | -1): void {
    this.articles += sign;
  }

  /** Takes another write's change into this one (an article of a batch that was stored). */
  merge(other: SearchStatsDelta): void {
    for (const [term, n] of other.terms) this.addTerm(term, n);
    this.addTotals(other.passages, other.tokens);
    this.articles += other.articles;
  }

  /**
   * Applies the change on the caller's transaction (which holds the tenant's lock). Terms go in
   * term order, so writers of different tenants never lock rows in opposite orders; terms no
   * sentence holds any more are dropped.
   */
  async write(client: PgClient, tenantKey: number): Promise<void> {
    const counts = [...this.terms].filter(([, n]) => n !== 0);
    if (counts.length > 0) {
      counts.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const changed = await client.query<{ term: string; passages: number }>(
        `INSERT INTO search_terms (term, passages)
         SELECT term, n FROM unnest($1::text[], $2::int[]) AS c (term, n) ORDER BY term
         ON CONFLICT (term) DO UPDATE SET passages = search_terms.passages + excluded.passages
         RETURNING term, passages`,
        [counts.map((c) => c[0]), counts.map((c) => c[1])],
      );
      const gone = changed.rows.filter((r) => r.passages <= 0).map((r) => r.term);
      if (gone.length > 0)
        await client.query('DELETE FROM search_terms WHERE term = ANY($1::text[])', [gone]);
    }
    if (this.passages !== 0 || this.tokens !== 0 || this.articles !== 0) {
      await client.query(
        `UPDATE search_tenants SET passages = passages + $2, tokens = tokens + $3, articles = articles + $4
         WHERE id = $1`,
        [tenantKey, this.passages, this.tokens, this.articles],
      );
    }
  }
}

/**
 * Locks the tenant's statistics row (creating it the first time) and returns the tenant's number.
 * Called first in every write of the tenant: its writers take turns, across processes, so the
 * duplicate checks, the statistics and the registry each see one writer at a time.
 */
export async function lockSearchTenant(client: PgClient, tenant: TenantId): Promise<number> {
  for (;;) {
    const locked = await client.query<{ id: number }>(
      'SELECT id FROM search_tenants WHERE tenant = $1 FOR UPDATE',
      [tenant],
    );
    if (locked.rows[0]) return locked.rows[0].id;
    // A new row is locked by its inserter; another process creating it at once makes this insert
    // do nothing, and the loop then waits for that process's lock.
    const created = await client.query<{ id: number }>(
      'INSERT INTO search_tenants (tenant) VALUES ($1) ON CONFLICT (tenant) DO NOTHING RETURNING id',
      [tenant],
    );
    if (created.rows[0]) return created.rows[0].id;
  }
}
