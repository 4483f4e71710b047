/**
 * Sentence scoring for the extractive summariser. News puts the point first, so position is the
 * backbone; the other signals decide when a later sentence beats an early one.
 */
import { contentTerms } from '../../text/tokens.ts';
import { describeSentence, type SentenceInfo } from './summarise-features.ts';

/** Weights of the scoring signals; the defaults were set on CNN/DM (see bench/rouge-cnndm.ts). */
export interface ScoreWeights {
  /** Position prior: 1 / (1 + index / positionScale). */
  position: number;
  positionScale: number;
  /** Similarity to the sentences that follow (a lead sentence announces what comes after). */
  forward: number;
  /** Share of the title's content terms the sentence contains. */
  title: number;
  /** Coverage of the article's most mentioned names. */
  names: number;
  caption: number;
  glued: number;
  byline: number;
  question: number;
  quote: number;
  opensQuote: number;
  /** Penalty for very short (< minWords) and per word beyond longWords. */
  short: number;
  minWords: number;
  long: number;
  longWords: number;
  /** MMR: weight of the highest similarity to an already chosen sentence. */
  redundancy: number;
  /** With a word budget, stop adding sentences whose MMR value falls below this: filling the budget
   * with weak sentences costs precision (ROUGE F1 and readers alike). */
  minGain: number;
}

/** Default signal weights, set on even-numbered CNN/DM articles and checked on the odd ones. */
export const DEFAULT_WEIGHTS: Readonly<ScoreWeights> = {
  position: 0.5,
  positionScale: 4,
  forward: 0.5,
  title: 0.3,
  names: 0.08,
  caption: 0.45,
  glued: 0.3,
  byline: 2,
  question: 1,
  quote: 0.5,
  opensQuote: 0.1,
  short: 0.1,
  minWords: 8,
  long: 0.01,
  longWords: 20,
  redundancy: 0.6,
  minGain: 0.4,
};

/** Sparse tf-idf vectors, L2-normalised, so a dot product is a cosine. */
export type TermVector = Map<string, number>;

/** Everything selection needs about an article's sentences. */
export interface ScoredArticle {
  infos: SentenceInfo[];
  vectors: TermVector[];
  scores: number[];
}

/** Cosine similarity of two normalised sparse vectors. */
export function cosine(a: TermVector, b: TermVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, w] of small) {
    const v = large.get(t);
    if (v !== undefined) dot += w * v;
  }
  return dot;
}

/** Builds L2-normalised tf-idf vectors, idf taken over the given term lists. */
export function tfidfVectors(termLists: readonly string[][]): TermVector[] {
  const df = new Map<string, number>();
  for (const terms of termLists) for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = termLists.length;
  return termLists.map((terms) => {
    const v: TermVector = new Map();
    for (const t of terms) v.set(t, (v.get(t) ?? 0) + 1);
    let norm = 0;
    for (const [t, tf] of v) {
      const w = tf * Math.log(1 + n / (df.get(t) ?? 1));
      v.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [t, w] of v) v.set(t, w / norm);
    return v;
  });
}

function mainNames(infos: readonly SentenceInfo[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const info of infos) for (const name of new Set(info.names)) df.set(name, (df.get(name) ?? 0) + 1);
  // Names seen in at least two sentences, most mentioned first; five covers a story's main actors.
  const top = [...df].filter(([, c]) => c >= 2).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return new Map(top.slice(0, 5));
}

/** Scores every sentence of an article; higher is more summary-worthy. */
export function scoreArticle(
  title: string,
  sentences: readonly string[],
  weights: Readonly<ScoreWeights> = DEFAULT_WEIGHTS,
): ScoredArticle {
  const infos = sentences.map(describeSentence);
  const vectors = tfidfVectors(infos.map((i) => i.terms));
  const n = sentences.length;
  // PacSum-style directed centrality: only similarity to *later* sentences counts, since a lead
  // sentence announces what the article goes on to develop (tried: backward and centroid terms, no gain).
  // The sum of cosines to every later sentence is the dot product with the sum of their vectors,
  // kept as a running suffix sum: linear in the text, where comparing every pair was quadratic.
  const forward = new Array<number>(n).fill(0);
  const later: TermVector = new Map();
  for (let i = n - 1; i >= 0; i--) {
    forward[i] = cosine(vectors[i]!, later);
    for (const [t, w] of vectors[i]!) later.set(t, (later.get(t) ?? 0) + w);
  }
  // A loop, not Math.max(...forward): spreading 100,000 values overflows the call stack.
  let maxForward = 1e-9;
  for (const f of forward) if (f > maxForward) maxForward = f;
  const titleTerms = new Set(contentTerms(title));
  const names = mainNames(infos);
  let nameTotal = 0;
  for (const c of names.values()) nameTotal += c;
  const scores = infos.map((info, i) => {
    let s = weights.position / (1 + i / weights.positionScale);
    s += (weights.forward * forward[i]!) / maxForward;
    if (titleTerms.size > 0) {
      const terms = new Set(info.terms);
      let hit = 0;
      for (const t of titleTerms) if (terms.has(t)) hit++;
      s += (weights.title * hit) / titleTerms.size;
    }
    if (nameTotal > 0) {
      let covered = 0;
      for (const name of new Set(info.names)) covered += names.get(name) ?? 0;
      s += (weights.names * covered) / nameTotal;
    }
    if (info.caption) s -= weights.caption;
    if (info.glued) s -= weights.glued;
    if (info.byline) s -= weights.byline;
    if (info.question) s -= weights.question;
    if (info.quote) s -= weights.quote;
    if (info.opensQuote) s -= weights.opensQuote;
    if (info.wordCount < weights.minWords) s -= weights.short;
    if (info.wordCount > weights.longWords) s -= weights.long * (info.wordCount - weights.longWords);
    return s;
  });
  return { infos, vectors, scores };
}
