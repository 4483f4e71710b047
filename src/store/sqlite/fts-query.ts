import { searchTokens } from '../search-tokens.ts';

/** Phrases one query may hold: each adds its postings to the cost of a search. */
const MAX_PHRASES = 16;
/** Tokens kept of one phrase (a name is a few words; a pasted paragraph is not a phrase). */
const MAX_PHRASE_TOKENS = 8;

/**
 * Turns untrusted words into FTS5 phrases over the index's tokens (store/search-tokens.ts): each
 * term becomes the quoted, space-joined tokens the index holds for it ("Tony Blair's" → `"toni
 * blair s"`), so query syntax in a term (`AND`, `NEAR(`, `*`, `-`, `col:`) is only text, and a term
 * with nothing indexable is dropped. Duplicates go; at most MAX_PHRASES are kept, in order.
 */
export function toFtsPhrases(terms: readonly string[]): string[] {
  const phrases = new Set<string>();
  for (const term of terms) {
    if (typeof term !== 'string') continue;
    // Tokens are runs of letters and digits only, so the quotes need no escaping.
    const tokens = searchTokens(term.slice(0, 1_000)).slice(0, MAX_PHRASE_TOKENS);
    if (tokens.length > 0) phrases.add(`"${tokens.join(' ')}"`);
    if (phrases.size >= MAX_PHRASES) break;
  }
  return [...phrases];
}

/**
 * The phrases OR-ed into one MATCH expression.
 * @returns undefined when nothing is searchable.
 */
export function toFtsMatch(terms: readonly string[]): string | undefined {
  const phrases = toFtsPhrases(terms);
  return phrases.length > 0 ? phrases.join(' OR ') : undefined;
}
