/**
 * Splits text to fit Discord's length caps: at paragraph breaks first, then line breaks, then
 * sentence ends, then spaces; a single word longer than the cap (a huge URL) is the only thing
 * ever cut, since there is no boundary to use.
 */

/** Boundaries tried in order; each must leave at least this share of the cap in the chunk. */
const MIN_FILL = 0.3;

const BOUNDARIES: readonly RegExp[] = [/\n\s*\n/g, /\n/g, /[.!?…]["'”’)\]]*\s+/g, /\s+/g];

/** Splits `text` into chunks of at most `max` characters, never mid-word when a boundary exists. */
export function splitText(text: string, max: number): string[] {
  if (max < 1) throw new RangeError('max must be positive');
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const cut = findCut(rest, max);
    const chunk = rest.slice(0, cut).trimEnd();
    if (chunk) chunks.push(chunk);
    rest = rest.slice(cut).trimStart();
  }
  if (rest) chunks.push(rest);
  return chunks;
}

/** Where to end the first chunk of `text` (longer than max). */
function findCut(text: string, max: number): number {
  const window = text.slice(0, max + 1);
  for (const [i, boundary] of BOUNDARIES.entries()) {
    const last = lastBoundaryEnd(window, boundary, max);
    // Spaces (the last resort before cutting a word) are taken wherever they are.
    const isLastResort = i === BOUNDARIES.length - 1;
    if (last > 0 && (isLastResort || last >= max * MIN_FILL)) return last;
  }
  // One word longer than the cap: cut it, but never between the halves of a surrogate pair.
  const code = text.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}

/** End index of the chunk before the last boundary that keeps the chunk within max (0 if none). */
function lastBoundaryEnd(window: string, boundary: RegExp, max: number): number {
  let best = 0;
  for (const m of window.matchAll(boundary)) {
    // Sentence ends keep their punctuation; other boundaries are whitespace and are dropped.
    const punctuation = m[0].match(/^\S+/)?.[0].length ?? 0;
    const end = m.index + punctuation;
    if (end <= max && end > 0) best = end;
  }
  return best;
}

/** Cuts text to `max` characters at a word, adding an ellipsis when anything was removed. */
export function truncateAtWord(text: string, max: number): string {
  const clean = text.trim();
  if (clean.length <= max) return clean;
  const window = clean.slice(0, max);
  const space = window.search(/\s\S*$/);
  const kept = space > 0 ? window.slice(0, space) : window.slice(0, max - 1);
  return `${kept.replace(/[\s,;:.]+$/, '')}…`;
}
