/**
 * The offline extractive summariser: picks article sentences for a summary or key points.
 * Scoring lives in summarise-score.ts; this file turns scores into a budgeted, non-redundant
 * selection. Measured against Lead-3 by bench/rouge-cnndm.ts.
 */
import { isNotNews } from '../../text/not-news.ts';
import {
  cosine,
  DEFAULT_WEIGHTS,
  type ScoredArticle,
  type ScoreWeights,
  scoreArticle,
} from './summarise-score.ts';

export { type ArticleCandidates, type CrossArticlePick, rankAcrossArticles } from './summarise-across.ts';

// The summary and the key points of one analysis score the same sentences; scoring is the
// costly part on long texts, so the last scoring is reused for the same sentence list, title and weights.
const lastScored = new WeakMap<
  object,
  { title: string; weights: object; texts: string[]; scored: ScoredArticle }
>();

function scoreOnce(
  title: string,
  sentences: readonly { text: string }[],
  weights: Readonly<ScoreWeights>,
): ScoredArticle {
  const texts = sentences.map((s) => s.text);
  const hit = lastScored.get(sentences);
  if (
    hit &&
    hit.title === title &&
    hit.weights === weights &&
    hit.texts.length === texts.length &&
    hit.texts.every((t, i) => t === texts[i])
  )
    return hit.scored;
  const scored = scoreArticle(title, texts, weights);
  lastScored.set(sentences, { title, weights, texts, scored });
  return scored;
}

/** Budget for a summary: words are the real limit; sentences an optional cap. */
export interface SummaryOptions {
  maxWords: number;
  maxSentences?: number;
}

interface Budget {
  maxWords: number;
  maxSentences: number;
  redundancy: number;
  minGain: number;
  /** Sentences with any of these flags are never chosen (key points are stricter than summaries). */
  strict: boolean;
  /** Sentences that are not news (instructions, mention bait, link lists): never chosen. */
  blocked?: readonly boolean[];
}

function excluded(scored: ScoredArticle, i: number, budget: Budget, fragments: boolean): boolean {
  if (budget.blocked?.[i]) return true;
  const strict = budget.strict;
  const info = scored.infos[i]!;
  if (info.wordCount === 0 || info.byline || info.captionOnly) return true;
  if (info.fragment && !fragments) return true;
  return strict && (info.caption || info.question || info.wordCount < 5);
}

/** Greedy MMR: best score minus similarity to what is already chosen, among sentences that fit. */
export function selectFromScores(scored: ScoredArticle, budget: Budget): number[] {
  const n = scored.scores.length;
  const chosen: number[] = [];
  const taken = new Uint8Array(n);
  let used = 0;
  // Highest similarity of each sentence to the chosen ones, updated with each new choice only.
  const overlap = new Float64Array(n);
  // Lines without sentence punctuation (captions, subheads) only when the text has no real sentences.
  const fragments = !scored.infos.some((info) => info.wordCount > 0 && !info.fragment);
  while (chosen.length < budget.maxSentences) {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      if (taken[i] || excluded(scored, i, budget, fragments)) continue;
      if (used + scored.infos[i]!.wordCount > budget.maxWords) continue;
      const last = chosen[chosen.length - 1];
      if (last !== undefined)
        overlap[i] = Math.max(overlap[i]!, cosine(scored.vectors[i]!, scored.vectors[last]!));
      const value = scored.scores[i]! - budget.redundancy * overlap[i]!;
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    // Weak sentences only stop the summary once it has some substance (a third of the budget).
    if (best < 0 || (used >= budget.maxWords / 3 && bestValue < budget.minGain)) break;
    chosen.push(best);
    taken[best] = 1;
    used += scored.infos[best]!.wordCount;
  }
  if (chosen.length === 0 && budget.maxSentences > 0) {
    // Nothing fits the word budget: one over-long sentence beats an empty summary.
    let best = -1;
    for (let i = 0; i < n; i++) {
      if (excluded(scored, i, { ...budget, strict: false }, fragments)) continue;
      if (best < 0 || scored.scores[i]! > scored.scores[best]!) best = i;
    }
    if (best >= 0) chosen.push(best);
  }
  return chosen.sort((a, b) => a - b);
}

/**
 * Chooses summary sentences within `maxWords` (and `maxSentences`), returned in article order.
 * Exceeds `maxWords` only when no single sentence fits, by returning the one best sentence.
 */
export function selectSummarySentences(
  title: string,
  sentences: readonly { text: string; paragraph: number }[],
  options: SummaryOptions,
  weights: Readonly<ScoreWeights> = DEFAULT_WEIGHTS,
): number[] {
  if (sentences.length === 0) return [];
  const scored = scoreOnce(title, sentences, weights);
  return selectFromScores(scored, {
    maxWords: options.maxWords,
    maxSentences: options.maxSentences ?? Number.POSITIVE_INFINITY,
    redundancy: weights.redundancy,
    minGain: Number.isFinite(options.maxWords) ? weights.minGain : Number.NEGATIVE_INFINITY,
    strict: false,
    blocked: sentences.map((s) => isNotNews(s.text)),
  });
}

/** Picks up to `count` distinct important sentences for key points, in article order. */
export function selectKeyPoints(
  title: string,
  sentences: readonly { text: string; paragraph?: number }[],
  count: number,
): number[] {
  if (sentences.length === 0 || count <= 0) return [];
  const scored = scoreOnce(title, sentences, DEFAULT_WEIGHTS);
  // Key points are read one by one, so repeating a point costs more than in a running summary.
  return selectFromScores(scored, {
    maxWords: Number.POSITIVE_INFINITY,
    maxSentences: count,
    redundancy: 2 * DEFAULT_WEIGHTS.redundancy,
    minGain: Number.NEGATIVE_INFINITY,
    strict: true,
    blocked: sentences.map((s) => isNotNews(s.text)),
  });
}
