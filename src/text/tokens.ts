import { stemmer } from 'stemmer';

/** Lower-case alphanumeric word tokens (letters of any script, digits). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [];
}

// Words repeat throughout a text and across texts; a bounded memo spares the stemmer's rule chain
// (a third of the summariser's time on a long article).
const STEMS = new Map<string, string>();
const STEMS_LIMIT = 50_000;

/** Porter stem, as ROUGE and FTS5's porter tokenizer do (tokens of 3 letters or fewer kept). */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  const hit = STEMS.get(word);
  if (hit !== undefined) return hit;
  const stemmed = stemmer(word);
  if (STEMS.size >= STEMS_LIMIT) STEMS.clear();
  STEMS.set(word, stemmed);
  return stemmed;
}

export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are aren't as at be because been before being
below between both but by can can't could couldn't did didn't do does doesn't doing don't down during each
few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself
him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't
my myself no nor not of off on once only or other ought our ours ourselves out over own same shan't she she'd
she'll she's should shouldn't so some such than that that's the their theirs them themselves then there
there's these they they'd they'll they're they've this those through to too under until up very was wasn't we
we'd we'll we're we've were weren't what what's when when's where where's which while who who's whom why why's
with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves said says say will
just its also s t one two would like get got may might must shall us mr mrs ms`
    .split(/\s+/)
    .filter(Boolean),
);

/** Stemmed content words: the terms that carry meaning for scoring and retrieval. */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    const plain = w.replace(/['’]s$/, '');
    if (!STOPWORDS.has(plain) && plain.length > 1) out.push(stem(plain));
  }
  return out;
}
