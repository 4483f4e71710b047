import { normaliseAlias } from '../actors/normalise.ts';
import type { TenantId } from '../core/types.ts';
import type { ArticleStore, RegistryActor } from '../store/article-store.ts';
import { STOPWORDS } from '../text/tokens.ts';

/** Shorter words have too many one-edit neighbours that are other names ("Gore", "Bore"). */
const MIN_LENGTH = 5;
/** Words of one question checked: each costs one registry lookup of a few hundred keys. */
const MAX_WORDS = 3;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Every string one edit from `word` (a letter deleted, inserted, replaced, or two swapped): the
 * typos people make in names ("harvy", "arneson", "bwayla"), as keys to look up.
 */
export function oneEditAway(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const c of LETTERS) {
      out.add(head + c + tail);
      if (tail && c !== tail[0]) out.add(head + c + tail.slice(1));
    }
  }
  out.delete(word);
  return [...out];
}

/**
 * The tenant's actor a mistyped name in the question stands for ("why did brian harvy leave?" →
 * Brian Harvey), when the question names no one as written. Only words the tenant's articles never
 * use are tried, so a real word is never turned into a name; of the actors one edit away, the one
 * mentioned most is taken.
 */
export async function actorsForTypos(
  store: ArticleStore,
  tenant: TenantId,
  words: readonly string[],
): Promise<RegistryActor[]> {
  const candidates = [...new Set(words.map((w) => normaliseAlias(w)))]
    .filter((w) => w.length >= MIN_LENGTH && /^\p{L}+$/u.test(w) && !STOPWORDS.has(w))
    .slice(0, MAX_WORDS);
  const found: RegistryActor[] = [];
  for (const word of candidates) {
    const matches = await store.findRegistryActors(tenant, oneEditAway(word));
    const best = matches
      .map((m) => m.actor)
      .sort((a, b) => b.mentionCount - a.mentionCount || a.id - b.id)[0];
    if (!best || found.some((a) => a.id === best.id)) continue;
    // Checked only for a word with a name one edit away: a search for a common word is the costly
    // part at scale, and most words have no such name.
    if ((await store.searchPassages(tenant, { terms: [word], limit: 1 })).length > 0) continue;
    found.push(best);
  }
  return found;
}
