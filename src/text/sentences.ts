/**
 * Sentence splitting for news text. Rules rather than a model: abbreviations, initials and
 * quotation marks are the cases that matter in news ("Mr. Smith", "U.S.", `importance," said X`).
 */

export interface SplitSentence {
  text: string;
  paragraph: number;
}

const ABBREVIATIONS = new Set(
  [
    'mr',
    'mrs',
    'ms',
    'dr',
    'st',
    'gen',
    'sen',
    'rep',
    'gov',
    'lt',
    'col',
    'sgt',
    'capt',
    'cmdr',
    'adm',
    'prof',
    'jr',
    'sr',
    'inc',
    'corp',
    'ltd',
    'co',
    'vs',
    'etc',
    'no',
    'nos',
    'vol',
    'fig',
    'approx',
    'jan',
    'feb',
    'mar',
    'apr',
    'jun',
    'jul',
    'aug',
    'sep',
    'sept',
    'oct',
    'nov',
    'dec',
    'mt',
    'ft',
    'pres',
    'rev',
    'hon',
    'messrs',
    'dept',
    'univ',
    'est',
    'al',
    'ave',
    'blvd',
    // Military and police ranks ("Army Spc. Caleb Barnes", "Det. Supt. Jane Doe").
    'spc',
    'pfc',
    'cpl',
    'pvt',
    'maj',
    'brig',
    'det',
    'supt',
    'insp',
  ].map((a) => a.toLowerCase()),
);

// Words that very often start a sentence; after "U.S." they tell a real boundary from "U.S. officials".
const SENTENCE_STARTERS = new Set([
  'The',
  'He',
  'She',
  'It',
  'They',
  'We',
  'I',
  'But',
  'And',
  'In',
  'On',
  'At',
  'A',
  'An',
  'This',
  'That',
  'These',
  'Those',
  'His',
  'Her',
  'Their',
  'Its',
  'There',
  'When',
  'While',
  'After',
  'Before',
  'However',
  'Meanwhile',
  'Some',
  'Many',
  'Most',
  'Mr',
  'Mrs',
  'Ms',
]);

const OPEN_QUOTES = '"“‘\'«(';
const CLOSE_QUOTES = '"”’\'»)';

/**
 * Longest sentence kept whole. Real sentences stay far below it (the longest in CNN/DM, BBC and
 * QuAIL is 1,860 characters); a longer run (a list, a page without punctuation) is cut at clause or
 * word boundaries, so everything that looks inside a sentence costs at most this much per sentence.
 */
export const MAX_SENTENCE_CHARS = 2000;

/** Splits cleaned text into paragraphs (blank-line separated) and those into sentences. */
export function splitSentences(text: string): SplitSentence[] {
  const out: SplitSentence[] = [];
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter((p) => p.length > 0);
  paragraphs.forEach((paragraph, index) => {
    for (const sentence of splitParagraph(paragraph)) out.push({ text: sentence, paragraph: index });
  });
  return out;
}

/** Splits one paragraph of running text into sentences. */
export function splitParagraph(paragraph: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  let i = 0;
  const n = paragraph.length;
  while (i < n) {
    const ch = paragraph[i]!;
    if (ch === '.' || ch === '!' || ch === '?' || ch === '…') {
      let end = i + 1;
      while (end < n && '.!?…'.includes(paragraph[end]!)) end++;
      while (end < n && CLOSE_QUOTES.includes(paragraph[end]!)) end++;
      if (end >= n) break;
      if (!/\s/.test(paragraph[end]!)) {
        i = end;
        continue;
      }
      let next = end;
      while (next < n && /\s/.test(paragraph[next]!)) next++;
      if (isBoundary(paragraph, start, i, next)) {
        const sentence = paragraph.slice(start, end).trim();
        if (sentence) sentences.push(sentence);
        start = next;
      }
      i = next;
      continue;
    }
    i++;
  }
  const rest = paragraph.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences.some((x) => x.length > MAX_SENTENCE_CHARS) ? sentences.flatMap(capLength) : sentences;
}

/** Cuts an over-long run into pieces of at most MAX_SENTENCE_CHARS, after a clause mark or a space if there is one. */
function capLength(sentence: string): string[] {
  if (sentence.length <= MAX_SENTENCE_CHARS) return [sentence];
  const pieces: string[] = [];
  let from = 0;
  while (sentence.length - from > MAX_SENTENCE_CHARS) {
    const window = sentence.slice(from, from + MAX_SENTENCE_CHARS);
    const clause = Math.max(window.lastIndexOf(', '), window.lastIndexOf('; '), window.lastIndexOf(': '));
    const space = window.lastIndexOf(' ');
    // A boundary in the window's second half, so pieces never get tiny.
    const half = MAX_SENTENCE_CHARS / 2;
    const cut = clause >= half ? clause + 1 : space >= half ? space : MAX_SENTENCE_CHARS;
    const piece = window.slice(0, cut).trim();
    if (piece) pieces.push(piece);
    from += cut;
  }
  const last = sentence.slice(from).trim();
  if (last) pieces.push(last);
  return pieces;
}

function isBoundary(text: string, sentenceStart: number, punct: number, next: number): boolean {
  const following = text.slice(next, next + 40);
  const firstChar = following[0] ?? '';
  const startsLikeSentence = /[A-Z0-9\p{Lu}]/u.test(firstChar) || OPEN_QUOTES.includes(firstChar);
  if (!startsLikeSentence) return false;
  if (text[punct] !== '.') return true;
  const before = text.slice(sentenceStart, punct);
  const lastWord = before.match(/([\p{L}.]+)$/u)?.[1] ?? '';
  if (!lastWord) return true;
  const nextWord = following.match(/^[\p{L}]+/u)?.[0] ?? '';
  // Initials and dotted abbreviations: "J. K. Rowling", "U.S.", "U.K."
  if (/^\p{Lu}$/u.test(lastWord) || /^(\p{L}\.)+\p{L}$/u.test(lastWord)) {
    return SENTENCE_STARTERS.has(nextWord);
  }
  if (ABBREVIATIONS.has(lastWord.toLowerCase())) {
    // "Aug. 9", "Mr. Smith": not a boundary; a month at a real sentence end is rare enough.
    return false;
  }
  return true;
}
