import { mergeActors } from '../actors/registry.ts';
import type { ActorType, ArticleSummary, Source, TenantId } from '../core/types.ts';
import { replaceConversation, startFromBriefing } from './conversation.ts';
import { groupStories } from './group-stories.ts';
import { searchTerms } from './search-terms.ts';
import type { Services } from './services.ts';
import { describeSources } from './sources.ts';

export type DigestLength = 'short' | 'standard' | 'long';

/** How much a digest shows at each length. */
export const DIGEST_SIZES: Record<
  DigestLength,
  { stories: number; actorsPerStory: number; inTheNews: number }
> = {
  short: { stories: 3, actorsPerStory: 3, inTheNews: 3 },
  standard: { stories: 5, actorsPerStory: 4, inTheNews: 5 },
  long: { stories: 8, actorsPerStory: 5, inTheNews: 8 },
};

/** Articles read from one window at most: a digest is a summary, not an archive. */
const MAX_WINDOW_ARTICLES = 200;
/** A story's summary is its lead article's, cut to this many characters at a sentence end. */
const STORY_SUMMARY_CHARS = 400;

export interface DigestRequest {
  /** The window: articles stored in `[from, to)`. */
  from: Date;
  to: Date;
  topic?: string | undefined;
  length: DigestLength;
  /** Conversation the digest starts (follow-up questions in its thread continue it); none for a preview. */
  conversationId?: string | undefined;
}

export interface DigestStory {
  title: string;
  summary: string;
  /** Citation numbers of the articles telling it. */
  sources: number[];
  actors: { name: string; type: ActorType; role?: string | undefined }[];
}

export interface Digest {
  stories: DigestStory[];
  /** Stories in the window beyond those shown. */
  moreStories: number;
  articleCount: number;
  mostInNews: { name: string; type: ActorType; mentions: number }[];
  sources: Source[];
}

/**
 * A digest of what was stored in a window: its articles grouped into stories, each with its lead
 * article's summary, its actors and numbered sources, then who was most in the news. Built only
 * from the stored per-article analyses, so with an LLM a digest makes no call of its own.
 * Undefined when the window holds no (matching) article.
 */
export async function buildDigest(
  services: Services,
  tenant: TenantId,
  request: DigestRequest,
): Promise<Digest | undefined> {
  const { store, clock } = services;
  const size = DIGEST_SIZES[request.length];
  const stored = await store.listArticlesStored(tenant, {
    from: request.from,
    to: request.to,
    limit: MAX_WINDOW_ARTICLES,
  });
  const articles = request.topic ? await matching(services, tenant, stored, request.topic) : stored;
  if (articles.length === 0) return undefined;
  const analyses = await store.getAnalyses(
    tenant,
    articles.map((a) => a.id),
  );
  const groups = groupStories(articles, analyses);
  const shown = groups.slice(0, size.stories);
  const cited = shown.flatMap((g) => g.articles.map((a) => a.id));
  const actorRows = await store.listArticleActors(tenant, cited);
  const stories = shown.map((group) => {
    const ids = group.articles.map((a) => a.id);
    const lead = analyses.get(ids[0]!);
    const actors = mergeActors(actorRows.filter((row) => ids.includes(row.articleId)))
      .slice(0, size.actorsPerStory)
      .map((a) => ({ name: a.name, type: a.type, role: a.roles[0]?.text }));
    return {
      title: group.articles[0]!.title,
      summary: cutAtSentence(lead?.summary ?? '', STORY_SUMMARY_CHARS),
      sources: ids.map((id) => cited.indexOf(id) + 1),
      actors,
    };
  });
  const inTheNews = mergeActors(actorRows)
    .filter((a) => a.type !== 'place')
    .slice(0, size.inTheNews);
  const sources = await describeSources(store, tenant, cited);
  if (request.conversationId) {
    await replaceConversation(
      store,
      tenant,
      startFromBriefing(
        request.conversationId,
        {
          topic: request.topic,
          articleIds: cited,
          actors: [
            ...inTheNews.filter((a) => a.type === 'person'),
            ...inTheNews.filter((a) => a.type !== 'person'),
          ].map((a) => a.name),
        },
        clock,
      ),
    );
  }
  return {
    stories,
    moreStories: groups.length - shown.length,
    articleCount: articles.length,
    mostInNews: inTheNews.map((a) => ({ name: a.name, type: a.type, mentions: a.mentionCount })),
    sources,
  };
}

/** The window's articles that match a topic (any of its words), in the window's order. */
async function matching(
  services: Services,
  tenant: TenantId,
  articles: ArticleSummary[],
  topic: string,
): Promise<ArticleSummary[]> {
  const terms = searchTerms(topic);
  if (terms.length === 0 || articles.length === 0) return [];
  const hits = await services.store.searchPassages(tenant, {
    terms,
    articleIds: articles.map((a) => a.id),
    limit: 400,
  });
  const matched = new Set(hits.map((h) => h.articleId));
  return articles.filter((a) => matched.has(a.id));
}

/** Text cut to at most `max` characters at the last sentence end (else a word end). */
function cutAtSentence(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const end = Math.max(head.lastIndexOf('. '), head.lastIndexOf('? '), head.lastIndexOf('! '));
  if (end > max / 3) return head.slice(0, end + 1);
  return `${head.slice(0, head.lastIndexOf(' ')).trimEnd()}…`;
}
