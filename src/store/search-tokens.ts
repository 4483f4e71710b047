import { stem } from '../text/tokens.ts';

/** Tokens kept per sentence: a pathological "sentence" cannot make one index row unbounded. */
const MAX_TOKENS = 2_000;

/**
 * The tokens every store indexes and searches, so SQLite and PostgreSQL rank the same words alike:
 * compatibility-normalised, diacritics removed, lower-cased runs of letters and digits, Porter-stemmed
 * (as FTS5's `porter unicode61 remove_diacritics 2` would; PostgreSQL's own stemmers differ, so the
 * stems are made here and both engines index them as plain words).
 */
export function searchTokens(text: string): string[] {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  const tokens: string[] = [];
  for (const match of folded.matchAll(/[\p{L}\p{N}]+/gu)) {
    tokens.push(stem(match[0]));
    if (tokens.length >= MAX_TOKENS) break;
  }
  return tokens;
}

/** A sentence as the index stores it: its tokens, space-separated. */
export function searchText(text: string): string {
  return searchTokens(text).join(' ');
}

/**
 * What the index holds for an article's sentence. The first sentence also carries the article's
 * headline: a headline names the story in the words people search for ("Wenger steps up row"),
 * which its sentences often do not repeat, and the lead is the sentence that tells that story.
 */
export function indexedText(title: string, ordinal: number, text: string): string {
  return ordinal === 0 && title.trim() !== '' ? `${title}\n${text}` : text;
}
