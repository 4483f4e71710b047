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

/** A word character for boundaries: a letter or digit, or an apostrophe inside a word ("don't"). */
function isWordAt(s: string, i: number): boolean {
  const ch = s[i];
  if (ch === undefined) return false;
  if (/[\p{L}\p{N}]/u.test(ch)) return true;
  return ch === "'" && /\p{L}/u.test(s[i - 1] ?? '') && /\p{L}/u.test(s[i + 1] ?? '');
}

/**
 * Negations whose loss reverses what was said. Checked on folded text (apostrophes are "'"),
 * with and without the apostrophe, since sources are not always typeset.
 */
const NEGATION =
  /(?<![\p{L}\p{N}])(?:not|no|never|nor|neither|none|nobody|nothing|nowhere|without|cannot|hardly|barely|scarcely|\p{L}+n't|(?:do|does|did|is|are|was|were|has|have|had|wo|ca|could|should|would|must|need|ai)nt)(?![\p{L}\p{N}])/u;

/** A negation word directly before a fragment ("doesn't │want to…"): quoting on from there flips it. */
const NEGATION_BEFORE = new RegExp(`${NEGATION.source}\\s*$`, 'u');

/**
 * Finds `needle` in `hay` at or after `from`, as whole words: "possible to win" is not in
 * "impossible to win", nor "smith does" in "smith doesn't".
 */
function indexOfWords(hay: string, needle: string, from: number): number[] {
  const out: number[] = [];
  const wordStart = isWordAt(needle, 0);
  const wordEnd = isWordAt(needle, needle.length - 1);
  for (let at = hay.indexOf(needle, from); at >= 0; at = hay.indexOf(needle, at + 1)) {
    if (wordStart && isWordAt(hay, at - 1)) continue;
    if (wordEnd && isWordAt(hay, at + needle.length)) continue;
    out.push(at);
  }
  return out;
}

/** Words in a folded piece, to reject elided pieces too short to carry their meaning. */
function wordCount(s: string): number {
  return s.match(/[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu)?.length ?? 0;
}

/** Fewest words each piece of an elided quote must keep ("Dubois … want" is not a quote). */
export const MIN_ELIDED_PIECE_WORDS = 3;

/**
 * Where the first piece of a quote starts in `hay` such that every later piece follows in order,
 * no piece starts right after a negation the quote leaves out, and no cut (the text an ellipsis
 * stands for) contains a negation. -1 when there is no such placement.
 */
function placePieces(hay: string, pieces: readonly string[], k = 0, from = 0): number {
  const piece = pieces[k]!;
  for (const at of indexOfWords(hay, piece, from)) {
    if (k === 0 && NEGATION_BEFORE.test(hay.slice(Math.max(0, at - 40), at))) continue;
    if (k > 0 && NEGATION.test(hay.slice(from, at))) continue;
    if (k === pieces.length - 1 || placePieces(hay, pieces, k + 1, at + piece.length) >= 0) return at;
  }
  return -1;
}

/**
 * Finds `quote` verbatim (after folding) in `text` and returns the original span, so a stored
 * quote keeps the article's own typography. Undefined when absent, too short to mean anything,
 * or only present as a fragment cut right after a negation ("[doesn't] want to end up…").
 */
export function findVerbatim(quote: string, text: string): string | undefined {
  const needle = fold(quoteCore(quote)).text;
  if (needle.length < 2) return undefined;
  const hay = fold(text);
  const at = placePieces(hay.text, [needle]);
  if (at < 0) return undefined;
  return text.slice(hay.map[at]!, hay.map[at + needle.length - 1]! + 1);
}

/**
 * True when every piece of a quote (split at an ellipsis, which marks an omission) appears in
 * order, as whole words, in one of the texts: "we will … never give up" matches "we will, he
 * said, never give up". An ellipsis must not be able to reverse what was said, so when a quote
 * has an omission each piece keeps at least {@link MIN_ELIDED_PIECE_WORDS} words and no omitted
 * stretch may contain a negation ("Smith … want to sell the club" is not a quote of
 * "Smith doesn't want to sell the club"). Nor may the quote start right after a
 * negation it leaves out. A leading or trailing ellipsis only marks a fragment and needs no minimum.
 */
export function quotedInAny(quote: string, texts: readonly string[]): boolean {
  const pieces = fold(quoteCore(quote))
    .text.split(/\[\.{3}\]|\.{3}/)
    .map((p) => p.replace(TRAILING_PUNCT, '').replace(/^[\s,.;:]+/u, ''))
    .filter((p) => p.length > 0);
  if (pieces.length === 0) return false;
  if (pieces.length > 1 && pieces.some((p) => wordCount(p) < MIN_ELIDED_PIECE_WORDS)) return false;
  return texts.some((t) => placePieces(fold(t).text, pieces) >= 0);
}
/** A quotation found in text: `start`/`end` include its marks, `inner` is what they enclose. */
export interface Quotation {
  start: number;
  end: number;
  inner: string;
}

/** Double marks and guillemets: opening mark → the marks that close it. */
const PAIRED: Record<string, string> = {
  '“': '”',
  '„': '“”',
  '«': '»',
  '»': '«',
  '‹': '›',
  '"': '"',
};
/** Characters after which a single quote opens rather than ends a word. */
const BEFORE_SINGLE_OPEN = /[\s([{"“„«‹—–/-]/u;
/** Characters before which a single quote closes a quotation rather than being an apostrophe. */
const AFTER_SINGLE_CLOSE = /[\s.,;:!?)\]}"”»›—–/-]/u;
/** Elisions that begin with an apostrophe and are not quotations ('90s, 'em, rock 'n' roll). */
const ELISION = /^(?:\d\ds|em|tis|twas|til|cause|n)(?![\p{L}\p{N}])/iu;

function singleOpensAt(text: string, i: number): boolean {
  const ch = text[i];
  if (ch !== "'" && ch !== '‘' && ch !== '‚') return false;
  if (i > 0 && !BEFORE_SINGLE_OPEN.test(text[i - 1]!)) return false;
  const next = text[i + 1];
  return next !== undefined && !/[\s'‘’]/u.test(next) && !ELISION.test(text.slice(i + 1, i + 8));
}

function singleClosesAt(text: string, i: number): boolean {
  const ch = text[i];
  if (ch !== "'" && ch !== '’' && ch !== '‘') return false;
  if (i === 0 || /\s/u.test(text[i - 1]!)) return false;
  return i + 1 === text.length || AFTER_SINGLE_CLOSE.test(text[i + 1]!);
}

/**
 * A single-quoted span from the opening mark at `open`: up to its closing mark, or further, to
 * the last closing mark before the next opening one, a citation or the sentence's end, so a
 * plural possessive inside a quote (‘the protesters’ demands are fair’) cannot cut it short and
 * leave the rest looking quoted but unchecked. Undefined when nothing closes it on its line.
 */
function singleQuotationAt(text: string, open: number): Quotation | undefined {
  let close = -1;
  for (let i = open + 1; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') break;
    if (close >= 0) {
      if (ch === '[' || singleOpensAt(text, i)) break;
      if (/[.!?]/u.test(ch) && /\s/u.test(text[i + 1] ?? ' ')) break;
    }
    if (singleClosesAt(text, i)) close = i;
  }
  if (close < 0) return undefined;
  const inner = text.slice(open + 1, close);
  return { start: open, end: close + 1, inner };
}

/**
 * The quotations in `text`, outermost first and in order: “…”, „…“, «…», »…«, ‹…›, "…" and
 * single-quoted ‘…’, '…', ‚…‘. A single mark is read as a quotation only when it opens after
 * whitespace, the start or opening punctuation, closes before whitespace, punctuation or the end,
 * and encloses at least two words, so apostrophes (Dubois’s, don't, the '90s) are not quotations.
 */
export function findQuotations(text: string): Quotation[] {
  const out: Quotation[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const closers = PAIRED[ch];
    let q: Quotation | undefined;
    if (closers !== undefined) {
      let j = i + 1;
      while (j < text.length && !closers.includes(text[j]!) && !(ch === '"' && text[j] === '\n')) j++;
      if (j < text.length && j > i + 1 && text[j] !== '\n')
        q = { start: i, end: j + 1, inner: text.slice(i + 1, j) };
    } else if (singleOpensAt(text, i)) {
      q = singleQuotationAt(text, i);
      if (q && wordsIn(q.inner) < 2) q = undefined;
    }
    if (q && q.inner.trim().length > 0) {
      out.push(q);
      i = q.end;
    } else i++;
  }
  return out;
}

function wordsIn(s: string): number {
  return s.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu)?.length ?? 0;
}
