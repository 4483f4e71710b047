import type { MergedActor } from '../actors/registry.ts';
import { mergeActors } from '../actors/registry.ts';
import type { Source, TenantId } from '../core/types.ts';
import { lookupActor } from './actor-lookup.ts';
import { selectArticles } from './select-articles.ts';
import type { Services } from './services.ts';
import { describeSources } from './sources.ts';

/** An actor as /actors lists it. */
export interface ActorSummary {
  name: string;
  type: MergedActor['type'];
  roles: MergedActor['roles'];
  mentionCount: number;
  articleCount: number;
  salience: number;
}

export interface ActorListRequest {
  topic?: string | undefined;
  articleId?: number | undefined;
  limit: number;
}

/** The tenant's actors (or those of one article or topic), most important first. */
export async function listActors(
  services: Services,
  tenant: TenantId,
  request: ActorListRequest,
): Promise<{ actors: ActorSummary[]; scope: 'all' | 'article' | 'topic'; articleCount: number } | undefined> {
  const { store } = services;
  if (request.articleId !== undefined) {
    const article = await store.getArticle(tenant, request.articleId);
    if (!article) return undefined;
    const actors = mergeActors(await store.listArticleActors(tenant, [article.id]));
    return { actors: actors.slice(0, request.limit).map(summarise), scope: 'article', articleCount: 1 };
  }
  if (request.topic) {
    const articles = await selectArticles(store, tenant, { topic: request.topic, limit: 50 });
    if (articles.length === 0) return { actors: [], scope: 'topic', articleCount: 0 };
    const actors = mergeActors(
      await store.listArticleActors(
        tenant,
        articles.map((a) => a.id),
      ),
    );
    return {
      actors: actors.slice(0, request.limit).map(summarise),
      scope: 'topic',
      articleCount: articles.length,
    };
  }
  // All of the tenant's actors: the registry, kept merged at ingest, read by index.
  return {
    actors: await topOfRegistry(services, tenant, request.limit),
    scope: 'all',
    articleCount: await store.countArticles(tenant),
  };
}

/** Ties on salience and mentions go alphabetically as in mergeActors, so a few more rows are read to sort. */
const TIE_SLACK = 20;

async function topOfRegistry(services: Services, tenant: TenantId, limit: number): Promise<ActorSummary[]> {
  const rows = await services.store.listRegistryActors(tenant, limit + TIE_SLACK);
  return rows
    .sort(
      (a, b) => b.salience - a.salience || b.mentionCount - a.mentionCount || a.name.localeCompare(b.name),
    )
    .slice(0, limit)
    .map(({ id: _id, ...summary }) => summary);
}

function summarise(a: MergedActor): ActorSummary {
  return {
    name: a.name,
    type: a.type,
    roles: a.roles,
    mentionCount: a.mentionCount,
    articleCount: a.articleIds.length,
    salience: a.salience,
  };
}

export interface ActorProfile {
  /** The actor as its first articles describe it (a profile shows a few facts of each kind). */
  actor: MergedActor;
  /** Articles naming the actor, all of them: `actor.articleIds` holds only those read for the profile. */
  articleCount: number;
  /** Sentences, by article and index, for "what they did". */
  actions: { text: string; source: number }[];
  quotes: { text: string; source: number }[];
  /** What the actor is reported to have said, when the articles do not quote them ("Dubois said last month…"). */
  reported: { text: string; source: number }[];
  roles: { text: string; source: number }[];
  relations: { kind: string; direction: 'out' | 'in'; other: string; source: number }[];
  sources: Source[];
}

const MAX_ACTIONS = 4;
const MAX_QUOTES = 6;
/** Action sentences read to find the few shown (reported speech first when there are no quotes). */
const ACTIONS_READ = 200;
const REPORTED_SPEECH = /^[^,]{0,60}\b(said|says|told|announced|warned|declared|insisted)\b/;

/** Everything the articles say about one actor, each fact tied to a numbered source. */
export async function actorProfile(
  services: Services,
  tenant: TenantId,
  name: string,
): Promise<ActorProfile | undefined> {
  const { store } = services;
  const actor = await lookupActor(store, tenant, name);
  if (!actor) return undefined;
  const articles = await store.listArticles(tenant, { ids: actor.articleIds });
  const sources = await describeSources(
    store,
    tenant,
    articles.map((a) => a.id),
  );
  const sourceOf = (articleId: number) => sources.find((s) => s.articleId === articleId)?.n ?? 0;
  const quoteSentences = new Set(actor.quotes.map((q) => `${q.articleId}:${q.sentenceIndex}`));
  // Only the action sentences that can be shown are read, not every sentence of every article.
  const actionRefs = actor.actions
    // A sentence shown as a quote is not repeated as an action.
    .filter((a) => !quoteSentences.has(`${a.articleId}:${a.sentenceIndex}`))
    .slice(0, ACTIONS_READ)
    .map((a) => ({ articleId: a.articleId, ordinal: a.sentenceIndex }));
  const acted = (await store.getPassagesAt(tenant, actionRefs)).map((p) => ({
    text: p.text,
    source: sourceOf(p.articleId),
  }));
  const isReport = (text: string) => REPORTED_SPEECH.test(text) && !/^["“]/.test(text);
  const reported = actor.quotes.length > 0 ? [] : acted.filter((a) => isReport(a.text)).slice(0, MAX_QUOTES);
  const actions = acted.filter((a) => !reported.includes(a)).slice(0, MAX_ACTIONS);
  const seenRoles = new Set<string>();
  const roles = actor.roles.flatMap((r) => {
    const key = r.text.toLowerCase();
    if (seenRoles.has(key)) return [];
    seenRoles.add(key);
    return [{ text: r.text, source: sourceOf(r.articleId) }];
  });
  const relations = actor.relations.map((r) => {
    const out = r.subject === actor.name || actor.aliases.includes(r.subject);
    return {
      kind: r.kind,
      direction: out ? ('out' as const) : ('in' as const),
      other: out ? r.object : r.subject,
      source: sourceOf(r.articleId),
    };
  });
  const quotes = actor.quotes
    .slice(0, MAX_QUOTES)
    .map((q) => ({ text: q.text, source: sourceOf(q.articleId) }));
  return { actor, articleCount: actor.articleCount, actions, quotes, reported, roles, relations, sources };
}
