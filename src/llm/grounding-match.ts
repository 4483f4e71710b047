/**
 * Verbatim matching that forgives only typography: curly vs straight quotes, dash kinds, the
 * ellipsis character, letter case and runs of whitespace. Anything else is not the same words.
 */

const FOLD: Record<string, string> = {
  '‘': "'",
  '’': "'",
  '‚': "'",
  '‛': "'",
  '′': "'",
  '`': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '‟': '"',
  '″': '"',
  '–': '-',
  '—': '-',
  '‐': '-',
  '‑': '-',
  '…': '...',
};

interface Folded {
  text: string;
  /** Original offset of each folded character. */
  map: number[];
}

/** Folds text for comparison, remembering where each folded character came from. */
function fold(s: string): Folded {
  let text = '';
  const map: number[] = [];
  let lastSpace = true;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (/\s/u.test(ch)) {
      if (!lastSpace) {
        text += ' ';
        map.push(i);
      }
      lastSpace = true;
      continue;
    }
    lastSpace = false;
    const folded = FOLD[ch] ?? ch;
    for (const c of folded) {
      const lower = c.toLowerCase();
      text += lower.length === 1 ? lower : c;
      map.push(i);
    }
  }
  if (text.endsWith(' ')) {
    text = text.slice(0, -1);
    map.pop();
  }
  return { text, map };
}

/** Folds text the way {@link findVerbatim} compares it. */
export function foldForMatch(s: string): string {
  return fold(s).text;
}

const OUTER_MARKS = /^[\s"'“”‘’„«»]+|[\s"'“”‘’„«»]+$/gu;
const TRAILING_PUNCT = /[\s,.;:]+$/u;

/** A quote's words without its own quotation marks and trailing comma or full stop. */
export function quoteCore(quote: string): string {
  return quote.replace(OUTER_MARKS, '').replace(TRAILING_PUNCT, '').replace(OUTER_MARKS, '');
}

/**
 * Finds `quote` verbatim (after folding) in `text` and returns the original span, so a stored
 * quote keeps the article's own typography. Undefined when absent or too short to mean anything.
 */
export function findVerbatim(quote: string, text: string): string | undefined {
  const needle = fold(quoteCore(quote)).text;
  if (needle.length < 2) return undefined;
  const hay = fold(text);
  const at = hay.text.indexOf(needle);
  if (at < 0) return undefined;
  return text.slice(hay.map[at]!, hay.map[at + needle.length - 1]! + 1);
}

/**
 * True when every piece of a quote (split at an ellipsis, which marks an omission) appears in
 * order in one of the texts: "we will … never give up" matches "we will, he said, never give up".
 */
export function quotedInAny(quote: string, texts: readonly string[]): boolean {
  const pieces = fold(quoteCore(quote))
    .text.split(/\.{3}|\[\.{3}\]/)
    .map((p) => p.replace(TRAILING_PUNCT, '').replace(/^[\s,.;:]+/u, ''))
    .filter((p) => p.length > 0);
  if (pieces.length === 0) return false;
  return texts.some((t) => {
    const hay = fold(t).text;
    let from = 0;
    for (const piece of pieces) {
      const at = hay.indexOf(piece, from);
      if (at < 0) return false;
      from = at + piece.length;
    }
    return true;
  });
}
