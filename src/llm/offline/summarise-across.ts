/**
 * Cross-article selection for multi-article briefings: the best candidate sentences of several
 * articles, with near-duplicates across articles removed so one story's point appears once.
 */
import { contentTerms } from '../../text/tokens.ts';
import { cosine, scoreArticle, tfidfVectors } from './summarise-score.ts';

/** One article's sentences and the indexes it nominates (e.g. its key points). */
export interface ArticleCandidates {
  id: number;
  title: string;
  sentences: string[];
  candidates: number[];
}

/** A chosen sentence: which article and which of its sentences. */
export interface CrossArticlePick {
  articleId: number;
  sentenceIndex: number;
}

// Above this cosine two sentences state the same point (tf-idf over the pooled candidates).
const DUPLICATE = 0.5;
const REDUNDANCY = 0.7;
// Each pick already taken from an article lowers that article's next candidate, so sources alternate.
const SAME_ARTICLE = 0.25;

interface Candidate {
  article: number;
  articleId: number;
  sentenceIndex: number;
  value: number;
}

/**
 * Picks `count` diverse sentences across articles, best first. Input order is a tie-breaker and a
 * mild prior (callers list articles most relevant first).
 */
export function rankAcrossArticles(
  articles: readonly ArticleCandidates[],
  count: number,
): CrossArticlePick[] {
  const pool: Candidate[] = [];
  const texts: string[] = [];
  articles.forEach((article, a) => {
    const valid = [...new Set(article.candidates)].filter((i) => i >= 0 && i < article.sentences.length);
    if (valid.length === 0) return;
    const { scores } = scoreArticle(article.title, article.sentences);
    const best = Math.max(...valid.map((i) => scores[i]!));
    const worst = Math.min(...valid.map((i) => scores[i]!));
    for (const i of valid) {
      // Scores are only comparable inside an article: normalise to [0, 1] per article.
      const within = best > worst ? (scores[i]! - worst) / (best - worst) : 1;
      pool.push({ article: a, articleId: article.id, sentenceIndex: i, value: within - 0.02 * a });
      texts.push(article.sentences[i]!);
    }
  });
  const vectors = tfidfVectors(texts.map(contentTerms));
  const picks: CrossArticlePick[] = [];
  const chosen: number[] = [];
  const perArticle = new Map<number, number>();
  const taken = new Uint8Array(pool.length);
  while (picks.length < count) {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < pool.length; k++) {
      if (taken[k]) continue;
      let overlap = 0;
      for (const c of chosen) overlap = Math.max(overlap, cosine(vectors[k]!, vectors[c]!));
      if (overlap > DUPLICATE) continue;
      const cand = pool[k]!;
      const value = cand.value - REDUNDANCY * overlap - SAME_ARTICLE * (perArticle.get(cand.article) ?? 0);
      if (value > bestValue) {
        bestValue = value;
        best = k;
      }
    }
    if (best < 0) break;
    const pick = pool[best]!;
    taken[best] = 1;
    chosen.push(best);
    perArticle.set(pick.article, (perArticle.get(pick.article) ?? 0) + 1);
    picks.push({ articleId: pick.articleId, sentenceIndex: pick.sentenceIndex });
  }
  return picks;
}
