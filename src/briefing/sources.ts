import type { Source, TenantId } from '../core/types.ts';
import type { ArticleStore } from '../store/article-store.ts';
import type { NearDuplicateStore, Outlet } from '../store/near-duplicate-store.ts';

/** Numbers articles in order of first appearance: the [n] that citations use. */
export function numberSources(articleIds: number[]): {
  numberOf(id: number): number;
  articleOf(n: number): number;
  ids: number[];
} {
  const ids: number[] = [];
  for (const id of articleIds) if (!ids.includes(id)) ids.push(id);
  return {
    ids,
    numberOf: (id) => ids.indexOf(id) + 1,
    articleOf: (n) => ids[n - 1]!,
  };
}

/**
 * Renumbers citations so the sources shown are exactly those cited, as [1], [2]... in order of use.
 * Lists ("[1, 3]") are split; numbers the engine did not report as cited are dropped, so no [n]
 * points nowhere.
 */
export function renumberCitations(text: string, cited: number[]): { text: string; used: number[] } {
  const valid = new Set(cited);
  const used: number[] = [];
  const out = text.replace(/\s?\[(\d+(?:\s*,\s*\d+)*)\]/g, (_m, list: string) => {
    const marks = list
      .split(',')
      .map((n) => Number(n.trim()))
      .filter((n) => valid.has(n))
      .map((n) => {
        if (!used.includes(n)) used.push(n);
        return `[${used.indexOf(n) + 1}]`;
      });
    return marks.length > 0 ? ` ${marks.join('')}` : '';
  });
  return { text: out.trim(), used };
}

/**
 * The numbered sources for articles in citation order: [n] is the n-th id. Ids the tenant does not
 * have are skipped (their number stays unused), so a source can never come from another tenant.
 */
export async function describeSources(
  store: ArticleStore,
  tenant: TenantId,
  articleIds: number[],
  outlets?: Pick<NearDuplicateStore, 'listOutlets'> | undefined,
): Promise<Source[]> {
  if (articleIds.length === 0) return [];
  const articles = await store.listArticles(tenant, { ids: articleIds, limit: articleIds.length });
  const byId = new Map(articles.map((a) => [a.id, a]));
  // Merged wire copies: each source names the other outlets that carried the story, so all are cited.
  const others = outlets ? await outlets.listOutlets(tenant, articleIds) : new Map<number, Outlet[]>();
  return articleIds.flatMap((id, i) => {
    const a = byId.get(id);
    return a
      ? [
          {
            n: i + 1,
            articleId: id,
            title: a.title,
            url: a.url,
            source: a.source,
            publishedAt: a.publishedAt,
            ...alsoIn(others.get(id)),
          },
        ]
      : [];
  });
}

function alsoIn(outlets: Outlet[] | undefined): Pick<Source, 'alsoIn'> {
  if (!outlets || outlets.length === 0) return {};
  return { alsoIn: outlets.map((o) => ({ title: o.title, source: o.source, url: o.url })) };
}
