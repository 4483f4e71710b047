import { normaliseAlias } from '../actors/normalise.ts';
import { type MergedActor, mergeGroup, resolveActor } from '../actors/registry.ts';
import type { TenantId } from '../core/types.ts';
import type { ArticleStore, RegistryActor, RegistryMatch } from '../store/article-store.ts';
import { STOPWORDS } from '../text/tokens.ts';
import { actorsForTypos } from './name-typos.ts';

const MAX_NGRAM = 5;
/** A question's words as names are written: "U.S.", "O'Driscoll", "Street-Porter". */
const WORD_RE = /[\p{L}\p{N}][\p{L}\p{N}.’'-]*/gu;
/** Actors one question may name: more would turn the search into a query for everything. */
const MAX_NAMED = 3;
/** Names per actor used to search: the most used ones; the long tail adds terms, not answers. */
const SEARCH_ALIASES = 12;
/** Articles whose quotes of an actor are offered to the answer. */
const QUOTED_ARTICLES = 6;
/** Per-article rows a profile reads (oldest first): several per article are rare, so about as many articles. */
const PROFILE_ROWS = 100;
/** Registry actors a typed name is checked against. */
const LOOKUP_CANDIDATES = 30;

/** What answering needs of an actor the question names: names to search, roles and quotes, not every fact. */
export type NamedActor = Pick<MergedActor, 'name' | 'type' | 'aliases' | 'roles' | 'quotes' | 'salience'>;

interface Span {
  start: number;
  length: number;
  key: string;
}

/**
 * The tenant's actors that a piece of text names ("What does Dubois want?" → Anne Dubois), most
 * salient first, from the actor registry. A name, alias or variant matched by the longest run of
 * words wins and hides the shorter runs inside it ("Bill Gates" hides "Bill"); a bare surname
 * counts only when one actor has it, or one of those having it is in `focus` (the conversation's).
 */
export async function findNamedActors(
  store: ArticleStore,
  tenant: TenantId,
  text: string,
  focus: readonly string[] = [],
): Promise<NamedActor[]> {
  const spans = nameSpans(text);
  if (spans.length === 0) return [];
  const byKey = new Map<string, RegistryMatch[]>();
  for (const m of await store.findRegistryActors(tenant, [...new Set(spans.map((s) => s.key))])) {
    const list = byKey.get(m.key) ?? [];
    list.push(m);
    byKey.set(m.key, list);
  }
  const covered = new Set<number>();
  const chosen = new Map<number, RegistryActor>();
  const take = (span: Span, actors: RegistryActor[]) => {
    for (const a of actors) chosen.set(a.id, a);
    for (let i = span.start; i < span.start + span.length; i++) covered.add(i);
  };
  const free = (span: Span) => {
    for (let i = span.start; i < span.start + span.length; i++) if (covered.has(i)) return false;
    return true;
  };
  const longestFirst = [...spans].sort((a, b) => b.length - a.length || a.start - b.start);
  for (const span of longestFirst) {
    if (!free(span)) continue;
    const precise = (byKey.get(span.key) ?? []).filter((m) => m.precise).map((m) => m.actor);
    if (precise.length > 0) take(span, precise);
  }
  const focusKeys = new Set(focus.map(normaliseAlias));
  for (const span of longestFirst) {
    if (!free(span)) continue;
    const holders = (byKey.get(span.key) ?? []).filter((m) => !m.precise).map((m) => m.actor);
    if (holders.length === 1) take(span, holders);
    else {
      const inFocus = holders.filter((a) => focusKeys.has(normaliseAlias(a.name)));
      if (inFocus.length === 1) take(span, inFocus);
    }
  }
  // Nobody named as written: a mistyped name, looked up one edit away among the words left.
  if (chosen.size === 0) {
    const words = (text.match(WORD_RE) ?? []).filter(
      (w, i) => !QUESTION_OPENERS.has(w.toLowerCase()) && (i > 0 || !/^\p{Lu}/u.test(w)),
    );
    for (const a of await actorsForTypos(store, tenant, words)) chosen.set(a.id, a);
  }
  const ranked = [...chosen.values()]
    .sort((a, b) => b.salience - a.salience || b.mentionCount - a.mentionCount || a.id - b.id)
    .slice(0, MAX_NAMED);
  return Promise.all(ranked.map((a) => hydrate(store, tenant, a)));
}

/** Runs of 1–5 words that could be a name; a lone common word only when written as one ("US", not "us" or a leading "Who"). */
function nameSpans(text: string): Span[] {
  const tokens = text.match(WORD_RE) ?? [];
  // In a question written with capitals, names are the capitalised runs ("What happened" is not the
  // film "Funny Thing Happened"); a question typed all in lower case may name anyone.
  const cased = /\p{Lu}/u.test(text);
  const spans: Span[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (let n = 1; n <= MAX_NGRAM && i + n <= tokens.length; n++) {
      const gram = tokens.slice(i, i + n);
      const common = gram.every((t) => STOPWORDS.has(t.toLowerCase().replace(/[.’']/g, '')));
      if ((common || cased) && !writtenAsName(gram[0]!, i)) continue;
      const key = normaliseAlias(gram.join(' '));
      if (key) spans.push({ start: i, length: n, key });
    }
  }
  return spans;
}

function writtenAsName(token: string, position: number): boolean {
  // Every question starts with a capital, so only an acronym or a word that is no common word counts there.
  if (/^\p{Lu}[\p{Lu}.]+$/u.test(token) || /^\p{N}/u.test(token)) return true;
  if (!/^\p{Lu}/u.test(token)) return false;
  return position > 0 || (!STOPWORDS.has(token.toLowerCase()) && !QUESTION_OPENERS.has(token.toLowerCase()));
}

/** Words a question opens with that are not names even when capitalised. */
const QUESTION_OPENERS = new Set([
  'what',
  'who',
  'when',
  'where',
  'why',
  'how',
  'which',
  'whom',
  'whose',
  'tell',
  'did',
  'does',
  'is',
  'are',
  'was',
  'were',
  'can',
  'could',
  'will',
  'would',
  'should',
  'has',
  'have',
  'do',
  'give',
  'list',
  'show',
  'describe',
  'explain',
]);

async function hydrate(store: ArticleStore, tenant: TenantId, actor: RegistryActor): Promise<NamedActor> {
  const [aliases, quoted] = await Promise.all([
    store.listRegistryAliases(tenant, actor.id, SEARCH_ALIASES),
    store.listRegistryMembers(tenant, actor.id, { quotedOnly: true, limit: QUOTED_ARTICLES }),
  ]);
  return {
    name: actor.name,
    type: actor.type,
    aliases: aliases.includes(actor.name) ? aliases : [actor.name, ...aliases],
    roles: actor.roles,
    quotes: quoted.flatMap((r) => r.quotes.map((q) => ({ ...q, articleId: r.articleId }))),
    salience: actor.salience,
  };
}

/**
 * One actor by the name a person typed, with what its oldest PROFILE_ARTICLES articles say about it
 * (a profile shows a few facts of each kind, so reading every article of a big actor buys nothing)
 * and its counts over all articles, from the registry.
 */
export async function lookupActor(
  store: ArticleStore,
  tenant: TenantId,
  name: string,
): Promise<(MergedActor & { articleCount: number }) | undefined> {
  const actor = await resolveRegistryActor(store, tenant, name);
  if (!actor) return undefined;
  const members = await store.listRegistryMembers(tenant, actor.id, { limit: PROFILE_ROWS });
  if (members.length === 0) return undefined;
  return {
    ...mergeGroup(members),
    name: actor.name,
    type: actor.type,
    mentionCount: actor.mentionCount,
    salience: actor.salience,
    articleCount: actor.articleCount,
  };
}

/** One actor by name with what answering needs (a follow-up's "he"), without reading all its rows. */
export async function lookupNamedActor(
  store: ArticleStore,
  tenant: TenantId,
  name: string,
): Promise<NamedActor | undefined> {
  const actor = await resolveRegistryActor(store, tenant, name);
  return actor ? hydrate(store, tenant, actor) : undefined;
}

/** The registry actor a typed name means: candidates by key, then resolveActor's rules on their names. */
async function resolveRegistryActor(
  store: ArticleStore,
  tenant: TenantId,
  name: string,
): Promise<RegistryActor | undefined> {
  const key = normaliseAlias(name);
  if (!key) return undefined;
  const parts = key.split(' ');
  // Also try the surname, so "French President Anne Dubois" finds the actor keyed "dubois".
  const keys = [key, key.replace(/^the /, ''), parts[parts.length - 1]!, parts.slice(-2).join(' ')];
  const seen = new Set<number>();
  const candidates: RegistryActor[] = [];
  for (const m of await store.findRegistryActors(tenant, keys)) {
    if (seen.has(m.actor.id) || candidates.length >= LOOKUP_CANDIDATES) continue;
    seen.add(m.actor.id);
    candidates.push(m.actor);
  }
  const shallow = await Promise.all(
    candidates.map(async (a) => ({
      ...emptyMerged(a),
      aliases: await store.listRegistryAliases(tenant, a.id, 200),
    })),
  );
  const picked = resolveActor(name, shallow);
  return picked ? candidates[shallow.indexOf(picked)] : undefined;
}

function emptyMerged(a: RegistryActor): MergedActor {
  return {
    name: a.name,
    type: a.type,
    aliases: [a.name],
    roles: a.roles,
    mentionCount: a.mentionCount,
    articleIds: [],
    quotes: [],
    relations: [],
    actions: [],
    salience: a.salience,
  };
}
