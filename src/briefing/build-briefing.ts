import { type MergedActor, mergeActors } from '../actors/registry.ts';
import type { Source, TenantId } from '../core/types.ts';
import type { BriefingLength, BriefingSourceInput, CitedText } from '../llm/engine.ts';
import { replaceConversation, startFromBriefing } from './conversation.ts';
import { selectArticles } from './select-articles.ts';
import type { Services } from './services.ts';
import { describeSources } from './sources.ts';

/** How much a briefing covers at each length: articles read, key points and actors shown. */
export const BRIEFING_SIZES: Record<BriefingLength, { articles: number; keyPoints: number; actors: number }> =
  {
    short: { articles: 3, keyPoints: 3, actors: 4 },
    standard: { articles: 6, keyPoints: 5, actors: 6 },
    long: { articles: 10, keyPoints: 8, actors: 10 },
  };

export interface BriefingRequest {
  topic?: string | undefined;
  since?: string | undefined;
  length: BriefingLength;
  conversationId: string;
}

export interface BriefingActor {
  name: string;
  type: MergedActor['type'];
  role?: string | undefined;
  /** Citation numbers of the articles the actor appears in. */
  sources: number[];
}

export interface Briefing {
  topic?: string | undefined;
  overview: CitedText;
  keyPoints: CitedText[];
  actors: BriefingActor[];
  sources: Source[];
  /** Shown to the reader, e.g. that the LLM was unavailable and the offline engine wrote this. */
  note?: string | undefined;
}

/**
 * Builds a briefing from stored per-article analyses (never re-reading raw articles through the
 * engine), and starts a conversation so follow-up questions know what was briefed.
 */
export async function buildBriefing(
  services: Services,
  tenant: TenantId,
  request: BriefingRequest,
): Promise<Briefing | undefined> {
  const { store, engine, clock } = services;
  const size = BRIEFING_SIZES[request.length];
  const articles = await selectArticles(store, tenant, {
    topic: request.topic,
    since: request.since,
    limit: size.articles,
  });
  if (articles.length === 0) return undefined;
  const ids = articles.map((a) => a.id);
  const analyses = await store.getAnalyses(tenant, ids);
  const inputs: BriefingSourceInput[] = [];
  for (const [i, article] of articles.entries()) {
    let analysis = analyses.get(article.id);
    if (!analysis) continue;
    const passages = await store.getPassages(tenant, article.id);
    // An article analysed offline while the LLM was down is analysed again on its next use, once
    // an LLM answers (content-cached, so later uses are a lookup); a different model or prompt
    // version is left alone: re-analysing for those is a deliberate, paid step.
    if (!engine.extractive && analysis.producer.startsWith('offline@')) {
      analysis = await engine.analyseArticle(
        {
          title: article.title,
          publishedAt: article.publishedAt,
          sentences: passages.map((p) => ({ text: p.text, paragraph: p.paragraph })),
        },
        { tenant },
      );
    }
    inputs.push({
      sourceNo: i + 1,
      articleId: article.id,
      title: article.title,
      publishedAt: article.publishedAt,
      analysis,
      sentences: passages.map((p) => p.text),
    });
  }
  const draft = await engine.composeBriefing(
    { topic: request.topic, length: request.length, sources: inputs },
    { tenant },
  );
  const actorRows = await store.listArticleActors(tenant, ids);
  const actors = mergeActors(actorRows)
    .slice(0, size.actors)
    .map((a) => ({
      name: a.name,
      type: a.type,
      role: a.roles[0]?.text,
      sources: [...new Set(a.articleIds.map((id) => ids.indexOf(id) + 1))]
        .filter((n) => n > 0)
        .sort((x, y) => x - y),
    }));
  const sources = await describeSources(store, tenant, ids, services.nearDuplicates);
  await replaceConversation(
    store,
    tenant,
    startFromBriefing(
      request.conversationId,
      {
        topic: request.topic,
        articleIds: ids,
        // Pronouns mostly point at people, so they lead the focus.
        actors: [
          ...actors.filter((a) => a.type === 'person'),
          ...actors.filter((a) => a.type !== 'person'),
        ].map((a) => a.name),
      },
      clock,
    ),
  );
  return {
    topic: request.topic,
    overview: draft.overview,
    keyPoints: draft.keyPoints,
    actors,
    sources,
    note: draft.note,
  };
}
