/**
 * Questions as people type them, made comparable with the articles: filler and time words go
 * ("now", "exactly", "so far"), words the passages write with a capital get it back
 * ("kaz hirai" → "Kaz Hirai", so names are seen as names), and a word the passages do not contain
 * is replaced by the passages' closest word when it is one or two edits away ("annouce" →
 * "announce", "leuders" → "Lueders"), or by the commonest word it begins when none is ("pantom" →
 * "pantomime"); another form of a passage word ("sell" for "sold") is that word, not a typo. The
 * vocabulary is the passages', so nothing is invented.
 */
import { CHAT_SHORTHAND, FILLER_PHRASES, FILLER_WORDS, QUESTION_FRAME_WORDS } from '../../text/lexicon.ts';
import { STOPWORDS } from '../../text/tokens.ts';
import { termOf } from './answer-terms.ts';

interface VocabEntry {
  /** How the word is written when capitalised away from a sentence start, if ever. */
  capital?: string;
  /** Seen in lower case somewhere. */
  lower: boolean;
  count: number;
}

export type Vocabulary = ReadonlyMap<string, VocabEntry>;

const WORD_RE = /\p{L}[\p{L}\p{N}'’-]*/gu;

/** The words of the passages, with how they are capitalised mid-sentence. */
export function buildVocabulary(texts: readonly string[]): Vocabulary {
  const vocab = new Map<string, VocabEntry>();
  for (const text of texts) {
    for (const m of text.matchAll(WORD_RE)) {
      const surface = m[0].replace(/['’]s$/u, '');
      const key = surface.toLowerCase();
      const entry = vocab.get(key) ?? { lower: false, count: 0 };
      entry.count++;
      if (surface === key) entry.lower = true;
      else if (!opensSentence(text, m.index)) entry.capital = surface;
      else entry.capital ??= surface;
      vocab.set(key, entry);
    }
  }
  return vocab;
}

function opensSentence(text: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && text[i] === ' ') i--;
  return i < 0 || '.!?:"“‘('.includes(text[i]!);
}

const FILLER_PHRASE_RE = new RegExp(`\\b(?:${FILLER_PHRASES.join('|').replace(/ /g, '\\s+')})\\b`, 'giu');

/** The question with fillers dropped, capitals restored and typos corrected against the passages. */
export function cleanQuestion(question: string, vocab: Vocabulary): string {
  const withoutPhrases = question.replace(FILLER_PHRASE_RE, ' ');
  let first = true;
  const out = withoutPhrases.replace(WORD_RE, (raw) => {
    const isFirst = first;
    first = false;
    const possessive = /['’]s$/u.exec(raw)?.[0] ?? '';
    const word = possessive ? raw.slice(0, -possessive.length) : raw;
    const key = word.toLowerCase();
    if (FILLER_WORDS.has(key)) return '';
    if (isFirst) return fixQuestionWord(raw);
    if (STOPWORDS.has(key) || QUESTION_FRAME_WORDS.has(key)) return raw;
    // Chat shorthand the articles do not use ("ppl", "ceo") becomes the words they do.
    const shorthand = vocab.has(key) ? undefined : CHAT_SHORTHAND.get(key);
    if (shorthand) return shorthand;
    const compound = vocab.has(key) ? undefined : compoundOf(key, vocab);
    if (compound) return compound;
    // Another form of a word the passages use ("sell" where they write "sold", "tottenhams") is no
    // typo: it is that word, where the nearest spelling could be another ("well"). It stays as typed
    // unless the articles write it as a name, whose capitals it then gets.
    const form = vocab.has(key) ? undefined : formOf(key, vocab);
    if (form && !vocab.get(form)!.capital) return raw;
    const known = vocab.has(key) ? key : (form ?? closestWord(key, vocab) ?? completionOf(key, vocab));
    if (!known) return raw;
    const entry = vocab.get(known)!;
    // A word the articles only ever capitalise is a name: give it its capital back.
    let surface = known === key ? word : known;
    if (entry.capital && !entry.lower) surface = entry.capital;
    return surface + possessive;
  });
  return out
    .replace(/\s+([?!.,])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A word the passages write with or without a hyphen the other way: "antispyware" for
 * "anti-spyware", "protein-folding" for "protein folding".
 */
function compoundOf(word: string, vocab: Vocabulary): string | undefined {
  if (word.includes('-')) {
    const parts = word.split('-').filter(Boolean);
    return parts.length > 1 && parts.every((p) => vocab.has(p)) ? parts.join(' ') : undefined;
  }
  if (word.length < 6) return undefined;
  const joined = hyphenated(vocab).get(word);
  if (joined) return joined;
  // Two words of the passages written as one ("antivirus" where they write "anti-virus" or "anti virus").
  for (let i = 3; i <= word.length - 3; i++) {
    const a = word.slice(0, i);
    const b = word.slice(i);
    if (vocab.has(a) && vocab.has(b) && vocab.get(b)!.lower) return `${a}-${b}`;
  }
  return undefined;
}

const BY_TERM = new WeakMap<Vocabulary, Map<string, string>>();

/**
 * The passages' word with the same answer term (stem, irregular verb's base) as `word`, the
 * commonest if several; the map is built once per vocabulary.
 */
function formOf(word: string, vocab: Vocabulary): string | undefined {
  let byTerm = BY_TERM.get(vocab);
  if (!byTerm) {
    byTerm = new Map();
    for (const [key, entry] of vocab) {
      const term = termOf(key);
      const held = byTerm.get(term);
      if (held === undefined || vocab.get(held)!.count < entry.count) byTerm.set(term, key);
    }
    BY_TERM.set(vocab, byTerm);
  }
  return byTerm.get(termOf(word));
}

const HYPHENATED = new WeakMap<Vocabulary, Map<string, string>>();

/** The passages' hyphenated words by their unhyphenated spelling, built once per vocabulary. */
function hyphenated(vocab: Vocabulary): Map<string, string> {
  let map = HYPHENATED.get(vocab);
  if (!map) {
    map = new Map();
    for (const key of vocab.keys()) if (key.includes('-')) map.set(key.replace(/-/g, ''), key);
    HYPHENATED.set(vocab, map);
  }
  return map;
}

const QUESTION_WORDS = ['who', 'whom', 'whose', 'what', 'which', 'when', 'where', 'why', 'how'];

/** "Wher is…", "Hwo is…", "whats…": a mistyped opening question word. */
function fixQuestionWord(raw: string): string {
  const key = raw.toLowerCase();
  if (QUESTION_WORDS.includes(key) || key.length < 3) return raw;
  // "whats", "wheres": the contraction typed without its apostrophe.
  const contracted = /^(wh(?:at|o|ere|en|y)|how)s$/u.exec(key)?.[1];
  if (contracted) return `${raw.slice(0, contracted.length)}'s`;
  // A dropped last letter ("wher") is the commonest slip, so completions come first.
  const fixed =
    QUESTION_WORDS.find((w) => w.startsWith(key) && w.length === key.length + 1) ??
    QUESTION_WORDS.find((w) => editDistance(key, w, 1) <= 1);
  if (!fixed) return raw;
  return /^\p{Lu}/u.test(raw) ? fixed[0]!.toUpperCase() + fixed.slice(1) : fixed;
}

/** The passages' word nearest to a word they lack: one edit for short words, two for long ones. */
function closestWord(word: string, vocab: Vocabulary): string | undefined {
  if (word.length < 4 || /\d/.test(word)) return undefined;
  const limit = word.length >= 7 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = limit + 1;
  let bestCount = 0;
  for (const [candidate, entry] of vocab) {
    if (Math.abs(candidate.length - word.length) > limit || candidate.length < 4) continue;
    // Typos rarely touch both of the first two letters; this skips most of the vocabulary cheaply.
    if (candidate[0] !== word[0] && candidate[1] !== word[1]) continue;
    const d = editDistance(word, candidate, limit);
    if (d < bestDistance || (d === bestDistance && entry.count > bestCount)) {
      best = candidate;
      bestDistance = d;
      bestCount = entry.count;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/**
 * A word cut short in chat ("celeb", "panto", "champ"): the passages' commonest longer word it
 * begins, at least two letters longer. Tried only when no word is an edit or two away.
 */
function completionOf(word: string, vocab: Vocabulary): string | undefined {
  if (word.length < 4 || /\d/.test(word)) return undefined;
  let best: string | undefined;
  let bestCount = 0;
  for (const [candidate, entry] of vocab) {
    if (candidate.length < word.length + 2 || !candidate.startsWith(word)) continue;
    if (entry.count > bestCount) {
      best = candidate;
      bestCount = entry.count;
    }
  }
  return best;
}

/** Damerau (optimal string alignment) distance, giving up past `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[cols - 1]!;
}
