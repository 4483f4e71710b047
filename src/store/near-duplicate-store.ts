import type { TenantId } from '../core/types.ts';

/** Another outlet carrying a stored article (a wire copy merged into it). */
export interface Outlet {
  title: string;
  source?: string | undefined;
  url?: string | undefined;
  publishedAt?: string | undefined;
  addedAt: string;
}

export interface NearMatch {
  articleId: number;
  /** Estimated Jaccard similarity of the two texts' shingles, 0..1. */
  similarity: number;
}

/** Near-duplicate fingerprints and the extra outlets of merged copies, per tenant. */
export interface NearDuplicateStore {
  /** The tenant's most similar stored article at or above `minSimilarity`, if any. */
  findNear(tenant: TenantId, signature: Uint32Array, minSimilarity: number): Promise<NearMatch | undefined>;
  /** Indexes a stored article's signature for later lookups. */
  addSignature(tenant: TenantId, articleId: number, signature: Uint32Array): Promise<void>;
  /** Lists another outlet for an article; false when that address (or that title, without one) is listed. */
  addOutlet(tenant: TenantId, articleId: number, outlet: Outlet): Promise<boolean>;
  /** The other outlets of each article, oldest first; articles without any are absent. */
  listOutlets(tenant: TenantId, articleIds: readonly number[]): Promise<Map<number, Outlet[]>>;
}
