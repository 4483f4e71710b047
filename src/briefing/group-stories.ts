import type { ArticleAnalysis, ArticleSummary } from '../core/types.ts';
import { stem } from '../text/tokens.ts';
import { searchTerms } from './search-terms.ts';

/** Articles about the same events, as one story of a digest. */
export interface StoryGroup {
  /** Newest first; the first one names the story. */
  articles: ArticleSummary[];
}

/** How many of an article's most salient actors count towards its identity. */
const ACTORS_PER_ARTICLE = 6;
/** Overlap of identity features above which two articles tell one story. */
const SAME_STORY_JACCARD = 0.34;
/** Sharing this many people or organisations is a story too, whatever the wording. */
const SHARED_ACTORS = 2;

/**
 * Groups a window's articles into stories by what they are about: their most salient people and
 * organisations and the stems of their title words. Two articles are one story when those overlap
 * enough (Jaccard) or they share two people or organisations; grouping is transitive (union-find).
 * Stories are ordered by how many articles tell them, then by recency.
 */
export function groupStories(
  articles: readonly ArticleSummary[],
  analyses: ReadonlyMap<number, ArticleAnalysis>,
): StoryGroup[] {
  const features = articles.map((a) => featuresOf(a, analyses.get(a.id)));
  const parent = articles.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (let i = 0; i < articles.length; i++) {
    for (let j = i + 1; j < articles.length; j++) {
      if (sameStory(features[i]!, features[j]!)) parent[find(j)] = find(i);
    }
  }
  const groups = new Map<number, ArticleSummary[]>();
  articles.forEach((article, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), article]);
  });
  return [...groups.values()]
    .map((group) => ({ articles: group }))
    .sort((a, b) => b.articles.length - a.articles.length);
}

interface Features {
  all: Set<string>;
  agents: Set<string>;
}

function featuresOf(article: ArticleSummary, analysis: ArticleAnalysis | undefined): Features {
  const agents = new Set(
    (analysis?.actors ?? [])
      .filter((a) => a.type !== 'place')
      .sort((a, b) => b.salience - a.salience)
      .slice(0, ACTORS_PER_ARTICLE)
      .map((a) => `actor:${a.name.toLowerCase()}`),
  );
  const places = (analysis?.actors ?? [])
    .filter((a) => a.type === 'place')
    .slice(0, 2)
    .map((a) => `actor:${a.name.toLowerCase()}`);
  const titleStems = searchTerms(article.title).map((w) => `word:${stem(w)}`);
  return { all: new Set([...agents, ...places, ...titleStems]), agents };
}

function sameStory(a: Features, b: Features): boolean {
  let shared = 0;
  for (const f of a.all) if (b.all.has(f)) shared++;
  const union = a.all.size + b.all.size - shared;
  if (union > 0 && shared / union >= SAME_STORY_JACCARD) return true;
  let sharedAgents = 0;
  for (const f of a.agents) if (b.agents.has(f)) sharedAgents++;
  return sharedAgents >= SHARED_ACTORS;
}
