/**
 * Bounds the nesting of untrusted HTML before any parser sees it: linkedom's parse time grows
 * with the square of the depth and Readability recurses once per level (10,000 nested elements
 * overflow the stack). Elements nested deeper than the limit lose their tags, keeping their text,
 * in one linear scan of the markup.
 */

/** Deepest element nesting kept: real article pages stay within a few dozen levels, and Readability's time grows with the square of the depth (0.3 s at 100, 5 s at 400). */
export const MAX_HTML_DEPTH = 100;

// Elements that never contain others, or whose end tag is optional (the parser closes them).
const NOT_COUNTED = new Set(
  'area base br col embed hr img input link meta param source track wbr p li dt dd option optgroup tr td th thead tbody tfoot colgroup rp rt caption'.split(
    ' ',
  ),
);
// Raw-text elements: their content is not markup.
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noscript']);
// `[^<>]*` stops at the next "<", so a tag without its ">" costs only the distance to the next tag.
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*>/y;

/** The markup with every tag deeper than `limit` removed, and the deepest nesting seen. */
export function flattenDeepHtml(html: string, limit = MAX_HTML_DEPTH): { html: string; depth: number } {
  const lower = html.toLowerCase();
  const pieces: string[] = [];
  let kept = 0;
  let depth = 0;
  let maxDepth = 0;
  let i = html.indexOf('<');
  while (i !== -1) {
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      if (end === -1) break;
      i = html.indexOf('<', end + 3);
      continue;
    }
    TAG.lastIndex = i;
    const m = TAG.exec(html);
    if (!m) {
      i = html.indexOf('<', i + 1);
      continue;
    }
    const tagEnd = i + m[0].length;
    const name = m[2]!.toLowerCase();
    const closing = m[1] === '/';
    let next = tagEnd;
    if (!closing && RAW_TEXT.has(name)) {
      const close = lower.indexOf(`</${name}`, tagEnd);
      next = close === -1 ? html.length : close;
    } else if (!NOT_COUNTED.has(name) && !m[0].endsWith('/>')) {
      if (closing) {
        if (depth > limit) {
          pieces.push(html.slice(kept, i));
          kept = tagEnd;
        }
        depth = Math.max(0, depth - 1);
      } else {
        depth++;
        if (depth > maxDepth) maxDepth = depth;
        if (depth > limit) {
          pieces.push(html.slice(kept, i), ' ');
          kept = tagEnd;
        }
      }
    }
    i = html.indexOf('<', next);
  }
  if (maxDepth <= limit) return { html, depth: maxDepth };
  pieces.push(html.slice(kept));
  return { html: pieces.join(''), depth: maxDepth };
}
