/**
 * Content terms for matching questions with sentences: the shared stopword list and Porter stems,
 * with irregular verbs taken to their base first ("began" → "begin", "sold" → "sell"), two-word
 * verbs to their one-word sense ("held up" → "delay") and near-synonyms to one term ("firm" and
 * "company"), so a question worded differently from the article still meets it.
 */
import { IRREGULAR_VERBS, phrasalVerbsIn, SYNONYM_GROUPS } from '../../text/lexicon.ts';
import { STOPWORDS, stem, words } from '../../text/tokens.ts';

const SYNONYM_OF: ReadonlyMap<string, string> = new Map(
  SYNONYM_GROUPS.flatMap((group) => group.map((w) => [stem(w), stem(group[0]!)] as const)),
);

/** Stemmed content words of a text, irregular past forms, two-word verbs and synonyms normalised. */
export function answerTerms(text: string): string[] {
  let normalised = text;
  for (const { re, base } of phrasalVerbsIn(text)) normalised = normalised.replace(re, `${base}$1`);
  const out: string[] = [];
  for (const w of words(normalised)) {
    const plain = w.replace(/['’]s$/, '');
    if (STOPWORDS.has(plain) || plain.length <= 1) continue;
    out.push(termOf(plain));
  }
  return out;
}

/** One lower-case word as a matching term: base verb, stem, synonym group. */
export function termOf(word: string): string {
  const stemmed = stem(IRREGULAR_VERBS.get(word) ?? word);
  return SYNONYM_OF.get(stemmed) ?? stemmed;
}
