import { FILLER_WORDS } from '../text/lexicon.ts';
import { STOPWORDS, words } from '../text/tokens.ts';

// Question words carry the question's shape, not its topic; searching for them only adds noise
// (and cost: every searched word's sentences are read, and these are in many).
const QUESTION_WORDS = new Set([
  'who',
  'what',
  'when',
  'where',
  'why',
  'how',
  'which',
  'whom',
  'whose',
  'tell',
  'about',
  'does',
  'did',
  'do',
  'happen',
  'happened',
  'happening',
  'involved',
]);

/**
 * Words worth searching for: no stopwords, question words or fillers ("now", "exactly"), no
 * duplicates. The store stems them.
 */
export function searchTerms(text: string): string[] {
  const out = new Set<string>();
  for (const w of words(text)) {
    const plain = w.replace(/['’]s$/, '');
    if (plain.length < 2 || STOPWORDS.has(plain) || QUESTION_WORDS.has(plain) || FILLER_WORDS.has(plain))
      continue;
    out.add(plain);
  }
  return [...out];
}
