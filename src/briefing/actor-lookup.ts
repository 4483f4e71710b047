import { normaliseAlias } from '../actors/normalise.ts';
import { type MergedActor, mergeActors, resolveActor } from '../actors/registry.ts';
import type { TenantId } from '../core/types.ts';
import type { ArticleStore } from '../store/article-store.ts';
import { STOPWORDS } from '../text/tokens.ts';

const MAX_NGRAM = 5;

/** The tenant's actors that a piece of text names ("What does Dubois want?" → Anne Dubois), most salient first. */
export async function findNamedActors(
  store: ArticleStore,
  tenant: TenantId,
  text: string,
): Promise<MergedActor[]> {
  const tokens = text.match(/[\p{L}\p{N}][\p{L}\p{N}.’'-]*/gu) ?? [];
  const keys = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    for (let n = 1; n <= MAX_NGRAM && i + n <= tokens.length; n++) {
      const gram = tokens.slice(i, i + n);
      // A lone common word ("us", "will") names an actor only when written as a name ("US").
      if (
        gram.every((t) => STOPWORDS.has(t.toLowerCase().replace(/[.’']/g, ''))) &&
        !/^\p{Lu}/u.test(gram[0]!)
      )
        continue;
      const key = normaliseAlias(gram.join(' '));
      if (key) keys.add(key);
    }
  }
  if (keys.size === 0) return [];
  const rows = await store.findArticleActorsByAlias(tenant, [...keys]);
  return mergeActors(rows);
}

/** One actor by the name a person typed, with everything the tenant's articles say about it. */
export async function lookupActor(
  store: ArticleStore,
  tenant: TenantId,
  name: string,
): Promise<MergedActor | undefined> {
  const key = normaliseAlias(name);
  if (!key) return undefined;
  const parts = key.split(' ');
  // Also try the surname, so "French President Anne Dubois" finds rows indexed as "dubois".
  const keys = [...new Set([key, parts[parts.length - 1]!, parts.slice(-2).join(' ')])];
  const rows = await store.findArticleActorsByAlias(tenant, keys);
  return resolveActor(name, mergeActors(rows));
}
