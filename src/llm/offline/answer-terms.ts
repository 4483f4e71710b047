/**
 * Content terms for matching questions with sentences: the shared stopword list and Porter stems,
 * with irregular verbs taken to their base first ("began" → "begin", "sold" → "sell").
 */
import { IRREGULAR_VERBS } from '../../text/lexicon.ts';
import { STOPWORDS, stem, words } from '../../text/tokens.ts';

/** Stemmed content words of a text, irregular past forms normalised. */
export function answerTerms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    const plain = w.replace(/['’]s$/, '');
    if (STOPWORDS.has(plain) || plain.length <= 1) continue;
    out.push(stem(IRREGULAR_VERBS.get(plain) ?? plain));
  }
  return out;
}
