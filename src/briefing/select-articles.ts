import type { ArticleSummary, TenantId } from '../core/types.ts';
import type { ArticleStore } from '../store/article-store.ts';
import { searchTerms } from './search-terms.ts';

export interface ArticleSelection {
  topic?: string | undefined;
  since?: string | undefined;
  limit: number;
}

/**
 * The articles a briefing covers: with a topic, those whose sentences match it best (BM25 summed
 * per article); without one, the most recent. `since` keeps only articles published on or after it.
 */
export async function selectArticles(
  store: ArticleStore,
  tenant: TenantId,
  selection: ArticleSelection,
): Promise<ArticleSummary[]> {
  const terms = selection.topic ? searchTerms(selection.topic) : [];
  if (terms.length === 0)
    return store.listArticles(tenant, { since: selection.since, limit: selection.limit });
  const hits = await store.searchPassages(tenant, { terms, limit: 400 });
  const relevance = new Map<number, number>();
  for (const hit of hits) relevance.set(hit.articleId, (relevance.get(hit.articleId) ?? 0) + hit.score);
  if (relevance.size === 0) return [];
  const articles = await store.listArticles(tenant, { ids: [...relevance.keys()], since: selection.since });
  return articles
    .sort((a, b) => (relevance.get(b.id) ?? 0) - (relevance.get(a.id) ?? 0))
    .slice(0, selection.limit);
}
