/**
 * Turns untrusted words into an FTS5 MATCH expression: each word becomes a quoted string (so `AND`,
 * `NEAR(`, `*`, `-`, `col:` are plain text), words are OR-ed, and words with nothing the tokenizer
 * would index are dropped.
 * @returns undefined when nothing is searchable.
 */
export function toFtsMatch(terms: readonly string[]): string | undefined {
  const quoted = new Set<string>();
  for (const term of terms) {
    if (typeof term !== 'string') continue;
    // unicode61 indexes letters, numbers and marks; a term of only punctuation would be an empty phrase.
    if (!/[\p{L}\p{N}]/u.test(term)) continue;
    // NUL cannot be bound inside an FTS5 string, and other controls are never part of a token.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    const clean = term.replace(/[\u0000-\u001F\u007F]/g, ' ').trim();
    quoted.add(`"${clean.replace(/"/g, '""')}"`);
  }
  return quoted.size > 0 ? [...quoted].join(' OR ') : undefined;
}
