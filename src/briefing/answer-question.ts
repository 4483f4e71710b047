import { normaliseAlias } from '../actors/normalise.ts';
import { aliasKeys } from '../actors/registry.ts';
import type { PassageHit, Source, TenantId } from '../core/types.ts';
import type { AnswerPassage, PassageActor } from '../llm/engine.ts';
import { withUsualWording } from '../text/lexicon.ts';
import { STOPWORDS, words } from '../text/tokens.ts';
import { findNamedActors, lookupNamedActor, type NamedActor } from './actor-lookup.ts';
import { loadConversation, needsHistory, resolvePronoun, saveExchange, usesPronoun } from './conversation.ts';
import { searchTerms } from './search-terms.ts';
import type { Services } from './services.ts';
import { describeSources, numberSources, renumberCitations } from './sources.ts';

/** Passages handed to the engine: enough to find the answer, few enough to stay precise. */
const PASSAGES_FOR_ENGINE = 12;
const SEARCH_LIMIT = 60;
/** Names of each actor searched as phrases besides its canonical name. */
const PHRASES_PER_ACTOR = 2;
/** Search terms per question, question words first: the cost of a search grows with each one. */
const MAX_TERMS = 10;
/** Of the passages handed to the engine, those ranked by the question's words alone. */
const WORD_RANKED_PASSAGES = 4;

export interface AnswerRequest {
  question: string;
  conversationId: string;
  /** Restrict to one article. */
  articleId?: number | undefined;
  /** Called with the answer so far, when the engine streams. */
  onPartialText?: ((textSoFar: string) => void) | undefined;
}

export interface AnswerResult {
  text: string;
  supported: boolean;
  sources: Source[];
  /** Actors the answer is about (after pronoun resolution). */
  actors: string[];
  /** Shown to the reader, e.g. that the LLM was unavailable and the offline engine answered. */
  note?: string | undefined;
}

/**
 * Answers a question from the tenant's articles: names in the question (or, for "he"/"they",
 * the conversation's focus) pick the actors, BM25 over sentences boosted by their aliases picks
 * the passages, the engine picks and cites the answer. The exchange is saved for follow-ups.
 */
export async function answerQuestion(
  services: Services,
  tenant: TenantId,
  request: AnswerRequest,
): Promise<AnswerResult> {
  const { store, engine, clock } = services;
  const conversation = await loadConversation(store, tenant, request.conversationId, clock);
  let actors = await findNamedActors(store, tenant, request.question, conversation.focusActors);
  // The question as the engine reads it: a pronoun is replaced by the actor it stands for.
  let question = request.question;
  if (actors.length === 0 && usesPronoun(request.question)) {
    actors = await resolveFocus(services, tenant, conversation.focusActors.slice(0, 1));
    if (actors[0]) question = resolvePronoun(request.question, actors[0].name);
  }
  const scope = request.articleId !== undefined ? [request.articleId] : undefined;
  // A follow-up in a briefing's thread prefers that briefing's articles, but only between passages
  // the question ranks alike: relevance to the question comes first.
  const preferred =
    conversation.articleIds.length > 0 && !scope ? new Set(conversation.articleIds) : undefined;
  const hits = await retrieve(services, tenant, request.question, actors, scope, preferred);
  const top = await withContext(services, tenant, hits.slice(0, PASSAGES_FOR_ENGINE), actors);
  const numbered = numberSources(top.map((h) => h.articleId));
  const passages: AnswerPassage[] = top.map((h) => ({
    sourceNo: numbered.numberOf(h.articleId),
    articleId: h.articleId,
    ordinal: h.ordinal,
    text: h.text,
  }));
  const shown = await store.listArticles(tenant, { ids: numbered.ids, limit: numbered.ids.length });
  const meta = new Map(shown.map((a) => [a.id, { title: a.title, publishedAt: a.publishedAt }]));
  // History goes to the engine only when the question is elliptical ("And Dubois?"): the last exchange.
  const history =
    actors.length === 0 && needsHistory(request.question)
      ? conversation.turns.slice(-2).map((t) => ({ role: t.role, text: t.text }))
      : [];
  const articleActors = engine.readsArticleActors?.(question)
    ? await actorsOfArticles(store, tenant, numbered.ids)
    : undefined;
  const draft = await engine.answer(
    {
      question,
      articleActors,
      focusActors: actors.map((a) => ({
        name: a.name,
        aliases: withVariants(a),
        quoteSentences: a.quotes.map((q) => ({ articleId: q.articleId, ordinal: q.sentenceIndex })),
        roles: a.roles,
      })),
      passages,
      history,
      sources: new Map(
        numbered.ids.flatMap((id, i) => {
          const m = meta.get(id);
          return m ? [[i + 1, m] as const] : [];
        }),
      ),
    },
    { tenant, onPartialText: request.onPartialText },
  );
  // Only numbers that name a passed source count, whatever the engine reports.
  const cited = draft.cited.filter((n) => Number.isInteger(n) && n >= 1 && n <= numbered.ids.length);
  const { text, used } = renumberCitations(draft.text, cited);
  const sources = await describeSources(
    services.store,
    tenant,
    used.map((n) => numbered.articleOf(n)),
    services.nearDuplicates,
  );
  const actorNames = actors.map((a) => a.name);
  await saveExchange(
    store,
    tenant,
    conversation,
    { question: request.question, answer: text, actors: actorNames },
    clock,
  );
  return {
    text,
    supported: draft.supported && used.length > 0,
    sources,
    actors: actorNames,
    note: draft.note,
  };
}

/** The typed actors of the passages' articles, as analysis stored them (name and type). */
async function actorsOfArticles(
  store: Services['store'],
  tenant: TenantId,
  articleIds: number[],
): Promise<Map<number, PassageActor[]>> {
  const out = new Map<number, PassageActor[]>();
  if (articleIds.length === 0) return out;
  for (const a of await store.listActorNames(tenant, articleIds)) {
    const list = out.get(a.articleId) ?? [];
    list.push({ name: a.name, type: a.type });
    out.set(a.articleId, list);
  }
  return out;
}

/** Quotes of the actors asked about: they may not name the actor ("“That if the port closes…”"). */
const QUOTES_PER_ACTOR = 6;
/** Sentences that lean on the one before: a bare quote, or one opening with a pronoun or "The company". */
const LEANS_ON_PREVIOUS = /^(["“‘]|(He|She|They|It|Its|His|Her|Their|This|That|These|Those|The \p{Ll}+)\b)/u;

/**
 * Adds what an answer needs beyond BM25's hits: the actors' attributed quotes, and the sentence
 * before any sentence that leans on it, so a quote is never shown without who said it.
 */
async function withContext(
  services: Services,
  tenant: TenantId,
  hits: PassageHit[],
  actors: NamedActor[],
): Promise<PassageHit[]> {
  const key = (p: { articleId: number; ordinal: number }) => `${p.articleId}:${p.ordinal}`;
  const pool = [...hits];
  const seen = new Set(pool.map(key));
  const lowest = Math.min(0, ...hits.map((h) => h.score));
  // Only the sentences shown are read, by position: never every sentence of the articles involved.
  const quoteRefs = actors.flatMap((a) =>
    a.quotes.slice(0, QUOTES_PER_ACTOR).map((q) => ({ articleId: q.articleId, ordinal: q.sentenceIndex })),
  );
  for (const passage of await services.store.getPassagesAt(tenant, quoteRefs)) {
    if (!seen.has(key(passage))) {
      seen.add(key(passage));
      pool.push({ ...passage, score: lowest });
    }
  }
  const leaning = pool.filter((hit) => LEANS_ON_PREVIOUS.test(hit.text) && hit.ordinal > 0);
  const previousOf = new Map(
    (
      await services.store.getPassagesAt(
        tenant,
        leaning.map((h) => ({ articleId: h.articleId, ordinal: h.ordinal - 1 })),
      )
    ).map((p) => [key(p), p]),
  );
  const out: PassageHit[] = [];
  for (const hit of pool) {
    const previous = LEANS_ON_PREVIOUS.test(hit.text)
      ? previousOf.get(key({ articleId: hit.articleId, ordinal: hit.ordinal - 1 }))
      : undefined;
    if (previous && !seen.has(key(previous))) {
      seen.add(key(previous));
      out.push({ ...previous, score: hit.score });
    }
    out.push(hit);
  }
  return out;
}

async function resolveFocus(services: Services, tenant: TenantId, names: string[]): Promise<NamedActor[]> {
  const found: NamedActor[] = [];
  for (const name of names) {
    const actor = await lookupNamedActor(services.store, tenant, name);
    if (actor) found.push(actor);
  }
  return found;
}

/** Sentences matching the question's words, plus those naming its actors, ranked together. */
async function retrieve(
  services: Services,
  tenant: TenantId,
  question: string,
  actors: NamedActor[],
  articleIds: number[] | undefined,
  preferred?: ReadonlySet<number> | undefined,
): Promise<PassageHit[]> {
  // The canonical name's words, and a few of the most used names as phrases ("U.S." is the tokens "u s",
  // which word filtering would drop): every alias of a big actor would make a query for everything.
  const aliasWords = actors.flatMap((a) => searchTerms(a.name));
  const aliasPhrases = actors.flatMap((a) =>
    [a.name, ...a.aliases.slice(0, PHRASES_PER_ACTOR)].flatMap(namePhrase),
  );
  const questionWords = searchTerms(withUsualWording(question));
  const terms = [...new Set([...questionWords, ...aliasWords, ...aliasPhrases])].slice(0, MAX_TERMS);
  if (terms.length === 0) return [];
  const hits = onePerWording(
    await services.store.searchPassages(tenant, { terms, articleIds, limit: SEARCH_LIMIT }),
  );
  const named = actors.length > 0 ? nameMatcher(actors.flatMap((a) => [a.name, ...a.aliases])) : undefined;
  // Tested once per hit, not in the comparator: an actor's alternation of names is costly to try.
  const mentions = new Map(hits.map((h) => [h, named ? Number(named.test(h.text)) : 0]));
  const inContext = (articleId: number) => (preferred?.has(articleId) ? 1 : 0);
  // Passages naming the actor first: "What does Dubois want?" is about Dubois, not about wanting.
  // The briefing's articles only break ties.
  const byActor = [...hits].sort(
    (a, b) =>
      mentions.get(b)! - mentions.get(a)! ||
      b.score - a.score ||
      inContext(b.articleId) - inContext(a.articleId),
  );
  if (!named) return byActor;
  // The best few by the question's words reach the engine too: a sentence about the actor often
  // names it only as "it" or "the firm", and an actor named in many articles would crowd it out.
  const head = byActor.slice(0, PASSAGES_FOR_ENGINE - WORD_RANKED_PASSAGES);
  const taken = new Set(head);
  const byWords = hits.filter((h) => !taken.has(h)).slice(0, WORD_RANKED_PASSAGES);
  for (const h of byWords) taken.add(h);
  return [...head, ...byWords, ...byActor.filter((h) => !taken.has(h))];
}

/**
 * The first-ranked of hits with the same wording: copies of one story the near-duplicate check
 * kept apart repeat its sentences word for word, and a dozen copies of one sentence would take
 * every place the engine has for other sentences.
 */
function onePerWording(hits: PassageHit[]): PassageHit[] {
  const seen = new Set<string>();
  return hits.filter((h) => {
    const key = h.text.toLowerCase().replace(/\s+/g, ' ').trim();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The names the articles use plus the usual variants ("EU", "U.S.", a surname), so a question
 * naming the actor either way is matched; common words ("us") are left out, they would match prose.
 */
function withVariants(actor: NamedActor): string[] {
  const seen = new Set(actor.aliases.map(normaliseAlias));
  const variants = aliasKeys(actor).filter(
    (k) => !seen.has(k) && !(k.split(' ').length === 1 && STOPWORDS.has(k)),
  );
  return [...actor.aliases, ...variants];
}

/** A name as a search phrase ("U.S." → "u s"); a lone common word ("us") would match too much. */
function namePhrase(name: string): string[] {
  const tokens = words(name);
  if (tokens.length === 0 || (tokens.length === 1 && STOPWORDS.has(tokens[0]!))) return [];
  return [tokens.join(' ')];
}

/** One regex for all of an actor's names, whole words only, built once per question. */
function nameMatcher(names: string[]): RegExp {
  const alternatives = [...new Set(names.filter((n) => n.trim().length > 1))]
    .sort((a, b) => b.length - a.length)
    .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (alternatives.length === 0) return /(?!)/;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
}
