import { STOPWORDS } from '../../text/tokens.ts';
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
    if (tokens.length > 0) phrases.add(phraseOf(tokens));
    if (phrases.size >= MAX_PHRASES) break;
  }
  return [...phrases];
}

/** Function words as the index holds them ("for", "the", "of"): each is in most sentences. */
const FUNCTION_TOKENS: ReadonlySet<string> = new Set([...STOPWORDS].flatMap((w) => searchTokens(w)));

/**
 * A name's tokens as an FTS5 query. A phrase must read every token's postings, and a function word's
 * are most of the index ("institute for the future" took 12 ms at 2 million sentences, its content
 * words alone 0.3 ms), so function words inside a name become the gap of a NEAR group of its other
 * words, and those at its ends are dropped; a name of function words or letters alone stays a phrase.
 */
function phraseOf(tokens: readonly string[]): string {
  const content = tokens.flatMap((t, i) => (FUNCTION_TOKENS.has(t) ? [] : [i]));
  // Letters alone are an abbreviation ("U.S." is "u s"), whose letters mean nothing apart.
  const abbreviation = tokens.every((t) => t.length === 1);
  if (content.length === 0 || content.length === tokens.length || abbreviation)
    return `"${tokens.join(' ')}"`;
  const first = content[0]!;
  const last = content.at(-1)!;
  const groups: string[][] = [];
  for (const i of content) {
    // A content word right after another continues its phrase; after a function word it starts one.
    if (i > first && !FUNCTION_TOKENS.has(tokens[i - 1]!)) groups.at(-1)!.push(tokens[i]!);
    else groups.push([tokens[i]!]);
  }
  if (groups.length === 1) return `"${groups[0]!.join(' ')}"`;
  const gap = last - first + 1 - content.length;
  return `NEAR(${groups.map((g) => `"${g.join(' ')}"`).join(' ')}, ${gap})`;
}

/**
 * The phrases OR-ed into one MATCH expression.
 * @returns undefined when nothing is searchable.
 */
export function toFtsMatch(terms: readonly string[]): string | undefined {
  const phrases = toFtsPhrases(terms);
  return phrases.length > 0 ? phrases.join(' OR ') : undefined;
}
