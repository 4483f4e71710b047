/**
 * One normal form for names, so "Smith’s", "smith" and "SMITH" meet in the same index slot and
 * "U.S." equals "US". The store indexes aliases with it and every lookup goes through it.
 */

// Names repeat across sentences and articles; a bounded memo spares the regex chain.
const MEMO = new Map<string, string>();
const MEMO_LIMIT = 50_000;

/** Normalises a name for alias matching: no diacritics, lower case, no possessive, no punctuation. */
export function normaliseAlias(name: string): string {
  const hit = MEMO.get(name);
  if (hit !== undefined) return hit;
  const key = computeKey(name);
  if (MEMO.size >= MEMO_LIMIT) MEMO.clear();
  MEMO.set(name, key);
  return key;
}

function computeKey(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      // Possessive before punctuation goes, or "smith’s" would become "smith s".
      .replace(/['’`´]s\b/g, '')
      .replace(/s['’`´](?=\s|$)/g, 's')
      // Dotted initialisms collapse ("u.s." → "us") while "st. petersburg" keeps its space.
      .replace(/\b(\p{L})\.(?=\p{L}\.)/gu, '$1')
      .replace(/\b(\p{L})\.(?!\s)/gu, '$1')
      .replace(/['’`´]/g, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
  );
}

/** The last word of a normalised name, ignoring generational suffixes ("jr", "iii"). */
export function surnameKey(name: string): string {
  const parts = normaliseAlias(name).split(' ').filter(Boolean);
  while (parts.length > 1 && /^(jr|sr|ii|iii|iv)$/.test(parts[parts.length - 1]!)) parts.pop();
  return parts[parts.length - 1] ?? '';
}
