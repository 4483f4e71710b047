/**
 * Feed titles and summaries are HTML more often than not (escaped markup, CDATA sections with
 * tags, entities). This turns such a fragment into plain text without a DOM: cheap enough for
 * every item of every poll. Page bodies go through Readability instead (src/ingest/html.ts).
 */

const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  sbquo: '‚',
  ldquo: '“',
  rdquo: '”',
  bdquo: '„',
  laquo: '«',
  raquo: '»',
  bull: '•',
  middot: '·',
  copy: '©',
  reg: '®',
  trade: '™',
  deg: '°',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  times: '×',
  shy: '',
  zwj: '',
  zwnj: '',
  eacute: 'é',
  egrave: 'è',
  ecirc: 'ê',
  euml: 'ë',
  aacute: 'á',
  agrave: 'à',
  acirc: 'â',
  auml: 'ä',
  aring: 'å',
  atilde: 'ã',
  ccedil: 'ç',
  iacute: 'í',
  igrave: 'ì',
  icirc: 'î',
  iuml: 'ï',
  ntilde: 'ñ',
  oacute: 'ó',
  ograve: 'ò',
  ocirc: 'ô',
  ouml: 'ö',
  otilde: 'õ',
  oslash: 'ø',
  uacute: 'ú',
  ugrave: 'ù',
  ucirc: 'û',
  uuml: 'ü',
  szlig: 'ß',
  Eacute: 'É',
  Aacute: 'Á',
  Ouml: 'Ö',
  Uuml: 'Ü',
  Auml: 'Ä',
};

const BLOCK_TAGS = /^(p|div|br|li|ul|ol|h[1-6]|blockquote|tr|table|section|article|pre|hr)$/i;

/** Decodes HTML character references; unknown names (e.g. undeclared DTD entities) are left as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z][a-z0-9]{1,31});/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      // Surrogates, NUL and out-of-range code points are not characters.
      if (!Number.isInteger(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
        return '';
      return String.fromCodePoint(code);
    }
    return NAMED[ref] ?? NAMED[ref.toLowerCase()] ?? whole;
  });
}

/**
 * Plain text of an HTML fragment: scripts and styles dropped, block ends become paragraph breaks,
 * other tags removed, entities decoded once, whitespace collapsed within paragraphs.
 */
export function htmlFragmentToText(html: string): string {
  const withoutCode = html
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|noscript)\b[\s\S]*?<\/\1\s*>/gi, '');
  const withBreaks = withoutCode.replace(/<\/?([a-z][a-z0-9]*)\b[^>]*>/gi, (_tag, name: string) =>
    BLOCK_TAGS.test(name) ? '\n\n' : ' ',
  );
  // A stray "<" that opens no tag (e.g. "a < b" double-escaped) stays text.
  return decodeEntities(withBreaks)
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0)
    .join('\n\n');
}

/** One line of plain text (a title): the fragment's text with paragraph breaks as spaces. */
export function htmlToLine(html: string): string {
  return htmlFragmentToText(html).replace(/\s+/g, ' ').trim();
}
