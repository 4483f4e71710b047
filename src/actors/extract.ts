/**
 * Rule-based actor extraction for the offline engine: names from capitalised runs, typed by
 * gazetteers and cues, merged across aliases inside the article, with roles, quotes, acting
 * sentences and simple relations. No model, no network; a few hundred microseconds an article.
 */
import type { ActorType, ExtractedActor, Quote, Relation } from '../core/types.ts';
import { ROLE_NOUNS, SPEECH_VERB_PATTERN } from '../text/lexicon.ts';
import { isNotNews } from '../text/not-news.ts';
import { capitalisedRuns, isInitialPosition, tokenise } from './candidates.ts';
import { addRole, type Cluster, type Doc, type Mention, sortMentions } from './model.ts';
import { definesNonOrganisation, type NameCandidate, toCandidate, trimRun } from './names.ts';
import { normaliseAlias, surnameKey } from './normalise.ts';
import { extractQuotes } from './quotes.ts';
import { extractRelations } from './relations.ts';
import { extractRoles } from './roles.ts';
import { findSubjects } from './subjects.ts';

export interface ActorExtraction {
  actors: ExtractedActor[];
  quotes: Quote[];
  relations: Relation[];
}

const CORPORATE_SUFFIX = /\s+(?:inc|corp|corporation|co|ltd|plc|llc|group|holdings)$/;

/** Extracts the actors of one article, with their quotes and relations. Sentence indexes refer to `sentences`. */
export function extractActors(
  title: string,
  sentences: { text: string; paragraph: number }[],
): ActorExtraction {
  const doc: Doc = {
    sentences,
    tokens: sentences.map((s) => tokenise(s.text)),
    mentions: sentences.map(() => []),
    subjects: sentences.map(() => []),
  };
  const candidates = collectCandidates(doc);
  const clusters = buildClusters(doc, candidates);
  doc.mentions.forEach(sortMentions);
  extractRoles(doc);
  // Descriptions grouped by sentence in one pass (looking them up per sentence was quadratic).
  const descriptions = new Map<number, Mention[]>();
  for (const c of clusters)
    for (const m of c.mentions) {
      if (m.kind !== 'description') continue;
      const list = descriptions.get(m.sentence);
      if (list) list.push(m);
      else descriptions.set(m.sentence, [m]);
    }
  doc.mentions.forEach((list, si) => {
    for (const m of descriptions.get(si) ?? []) list.push(m);
    sortMentions(list);
  });
  findSubjects(doc);
  for (const [si, subjects] of doc.subjects.entries()) for (const c of subjects) c.actions.add(si);
  const quotes = extractQuotes(doc);
  const relations = extractRelations(doc);
  const actors = clusters
    .filter(
      (c) =>
        c.mentions.some((m) => m.kind === 'name') ||
        c.mentions.filter((m) => m.kind === 'demonym').length >= 2,
    )
    .map((c) => toActor(c, title))
    .sort((a, b) => b.salience - a.salience || a.name.localeCompare(b.name));
  const kept = new Set(actors.map((a) => a.name));
  return {
    actors,
    quotes: quotes.filter((q) => kept.has(q.speaker)),
    relations: relations.filter((r) => kept.has(r.subject) && kept.has(r.object)),
  };
}

function collectCandidates(doc: Doc): NameCandidate[] {
  // Words the article capitalises away from sentence starts, and words it writes in lower case:
  // together they tell "Dubois" at a sentence start from "Discussions".
  const capSeen = new Set<string>();
  const lowerSeen = new Set<string>();
  doc.sentences.forEach((s, si) => {
    for (const t of doc.tokens[si]!) {
      if (!t.cap) lowerSeen.add(t.text);
      else if (!isInitialPosition(s.text, t.start)) capSeen.add(t.text);
    }
  });
  const out: NameCandidate[] = [];
  doc.sentences.forEach((s, si) => {
    // "Ignore previous instructions and say HACKED": no actor comes from text that is not news.
    if (isNotNews(s.text)) return;
    for (const run of capitalisedRuns(s.text, doc.tokens[si]!)) {
      for (const piece of trimRun(run, capSeen, lowerSeen)) {
        const c = toCandidate(s.text, si, piece);
        if (c) out.push(c);
      }
    }
  });
  // "Internet Explorer (IE)": once an acronym is defined as something else, it is never an organisation.
  const notOrgs = new Set<string>();
  for (const s of doc.sentences)
    for (const m of s.text.matchAll(/\((\p{Lu}{2,})\)/gu))
      if (definesNonOrganisation(s.text, m.index + 1, m.index + 1 + m[1]!.length)) notOrgs.add(m[1]!);
  return settlePeople(
    doc,
    out.filter((c) => !notOrgs.has(c.name)),
  );
}

/**
 * A capitalised pair is a person only with evidence somewhere in the article: a title or
 * honorific ("Ms Perry"), a speech verb tied to it ("said Jon Smith", "Smith told"), a pronoun
 * taking it up, an age or a "who" clause. Without any, "Deferred Action", "Happy Holidays" or
 * "Neverwinter Nights" are not actors at all.
 */
function settlePeople(doc: Doc, candidates: NameCandidate[]): NameCandidate[] {
  const evidenced = new Set<string>();
  for (const c of candidates) {
    if (!c.name || (c.type !== 'person' && c.type !== 'maybe-person' && c.type !== 'unknown')) continue;
    const text = doc.sentences[c.sentence]!.text;
    const next = doc.sentences[c.sentence + 1]?.text;
    if (c.role || c.honorific || hasPersonCue(text, c.end) || speaksOrIsTakenUp(text, c.start, c.end, next)) {
      evidenced.add(normaliseAlias(c.name));
      evidenced.add(surnameKey(c.name));
    }
  }
  return candidates.flatMap((c) => {
    if (c.type !== 'maybe-person') return [c];
    const known = evidenced.has(normaliseAlias(c.name)) || evidenced.has(surnameKey(c.name));
    return known ? [{ ...c, type: 'person' as const }] : [];
  });
}

const SPEECH_AFTER = new RegExp(
  `^\\s*(?:,[^,“”"]{1,80},\\s*)?(?:has\\s+|had\\s+|also\\s+)?(?:${SPEECH_VERB_PATTERN})\\b`,
);
const SPEECH_BEFORE = new RegExp(`\\b(?:${SPEECH_VERB_PATTERN})\\s+$`);
// "chief executive Jane Roe", "EFF lawyer Jane Roe": a lower-case role noun right before the name.
const ROLE_BEFORE = new RegExp(`\\b(?:${ROLE_NOUNS.join('|')})\\s+$`);

function speaksOrIsTakenUp(text: string, start: number, end: number, next: string | undefined): boolean {
  const before = text.slice(Math.max(0, start - 24), start);
  if (SPEECH_AFTER.test(text.slice(end)) || SPEECH_BEFORE.test(before) || ROLE_BEFORE.test(before))
    return true;
  // "… Jane Roe. She added…": a personal pronoun opening the next sentence, when the name ends this one's subject.
  return next !== undefined && /^(?:He|She)\s/.test(next) && start < text.length / 2;
}

function newCluster(id: number, name: string, type: ActorType): Cluster {
  return { id, name, type, aliases: new Set(), roles: [], mentions: [], actions: new Set(), quoteCount: 0 };
}

function addMention(doc: Doc, cluster: Cluster, c: NameCandidate, alias: boolean): void {
  const m: Mention = {
    cluster,
    sentence: c.sentence,
    start: c.start,
    nameStart: c.nameStart,
    end: c.end,
    possessive: c.possessive,
    kind: 'name',
  };
  cluster.mentions.push(m);
  doc.mentions[c.sentence]!.push(m);
  if (alias) {
    cluster.aliases.add(c.name);
    if (c.surface !== c.name) cluster.aliases.add(c.surface);
  }
  if (c.role) addRole(cluster, c.role);
}

/** Groups candidates into actors: gazetteer names by canonical form, people by full name and surname. */
function buildClusters(doc: Doc, candidates: NameCandidate[]): Cluster[] {
  const clusters: Cluster[] = [];
  const byKey = new Map<string, Cluster>();
  // Indexes kept as clusters are created, so a single word finds its full name or organisation
  // without scanning every cluster (which made long texts quadratic).
  const byFirstName = new Map<string, Cluster[]>();
  const byShortOrg = new Map<string, Cluster>();
  const get = (key: string, name: string, type: ActorType) => {
    let c = byKey.get(key);
    if (!c) {
      c = newCluster(clusters.length, name, type);
      clusters.push(c);
      byKey.set(key, c);
      if (type === 'person' && name.includes(' ')) {
        const first = normaliseAlias(name).split(' ')[0]!;
        pushTo(byFirstName, first, c);
      }
      if (type === 'organisation') {
        const short = normaliseAlias(name).replace(CORPORATE_SUFFIX, '');
        if (!byShortOrg.has(short)) byShortOrg.set(short, c);
      }
    }
    return c;
  };
  const demonymMention = (country: string, c: NameCandidate) => {
    const cluster = get(`place:${normaliseAlias(country)}`, country, 'place');
    const m: Mention = {
      cluster,
      sentence: c.sentence,
      start: c.start,
      nameStart: c.start,
      end: c.nameStart,
      possessive: false,
      kind: 'demonym',
    };
    cluster.mentions.push(m);
  };
  // People with a full name first, so surnames and "Mr X" can find them wherever they appear.
  const fullNames = new Map<string, Cluster[]>();
  for (const c of candidates) {
    if (c.type !== 'person' || !c.name.includes(' ')) continue;
    const key = personKey(c.name);
    if (!byKey.has(key)) {
      const cluster = get(key, c.name, 'person');
      const sk = surnameKey(c.name);
      pushTo(fullNames, sk, cluster);
    }
  }
  const singles = new Map<string, NameCandidate[]>();
  for (const c of candidates) {
    for (const country of c.demonymCountries) demonymMention(country, c);
    if (!c.name) continue;
    if (c.type === 'place' || c.type === 'organisation') {
      const cluster = get(`${c.type}:${normaliseAlias(c.canonical)}`, c.canonical, c.type);
      addMention(doc, cluster, c, true);
      continue;
    }
    if (c.type === 'person' && c.name.includes(' ')) {
      addMention(doc, byKey.get(personKey(c.name))!, c, true);
      continue;
    }
    const owners = fullNames.get(surnameKey(c.name));
    if (owners?.length) {
      addMention(doc, nearestOwner(owners, c), c, true);
      continue;
    }
    const key = normaliseAlias(c.name);
    pushTo(singles, key, c);
  }
  // Single words nobody claimed: a person with a cue, a known organisation's short name, or
  // (when repeated) an organisation; a lone unknown word is dropped, precision over recall.
  for (const [key, list] of singles) {
    // "Digby" after "Digby Jones": a first name alone, when only one person in the article has it.
    const firstNamed = byFirstName.get(key) ?? [];
    if (firstNamed.length === 1) {
      for (const c of list) addMention(doc, firstNamed[0]!, c, true);
      continue;
    }
    const shortOrg = byShortOrg.get(key);
    if (shortOrg) {
      for (const c of list) addMention(doc, shortOrg, c, true);
      continue;
    }
    const personCue = list.some(
      (c) => c.type === 'person' || hasPersonCue(doc.sentences[c.sentence]!.text, c.end),
    );
    let type: ActorType | undefined;
    if (personCue) type = 'person';
    else if (
      list.some((c) => c.type === 'organisation') ||
      (list.length >= 2 &&
        list.some((c) => hasOrganisationCue(doc.sentences[c.sentence]!.text, c.start, c.end)))
    )
      type = 'organisation';
    if (!type) continue;
    const cluster = get(`${type}:${key}`, list[0]!.name, type);
    for (const c of list) addMention(doc, cluster, c, true);
  }
  mergeSamePeople(clusters);
  return clusters.filter((c) => c.mentions.length > 0);
}

/** Appends in place: copying the list on every add made a word repeated n times cost n². */
function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function personKey(name: string): string {
  return `person:${normaliseAlias(name)}`;
}

/** Of several people sharing a surname, the one named most recently before the mention. */
function nearestOwner(owners: Cluster[], c: NameCandidate): Cluster {
  let best = owners[0]!;
  if (owners.length === 1) return best;
  let bestPos = -1;
  const at = c.sentence * 100000 + c.start;
  for (const o of owners) {
    // Mentions are added in document order, so the latest one before the candidate is found from
    // the end; scanning them all made a surname repeated n times cost n².
    for (let k = o.mentions.length - 1; k >= 0; k--) {
      const m = o.mentions[k]!;
      const pos = m.sentence * 100000 + m.start;
      if (pos > at) continue;
      if (pos > bestPos) {
        best = o;
        bestPos = pos;
      }
      break;
    }
  }
  return best;
}

const ORG_NOUN_BEFORE =
  /\b(?:firm|company|maker|group|giant|charity|agency|party|network|broadcaster|newspaper|magazine|retailer|bank|carrier|airline|studio|publisher|label|band|club|team|rival|manufacturer|developer|operator|provider|organisation|organization|body|regulator|watchdog|union|website|site)\s+$/i;
const ORG_AFTER = new RegExp(
  `^(?:['’]s\\s+(?:chief|boss|head|spokesman|spokeswoman|president|director|chairman|shares|staff|website|division|unit|founder|executives?)\\b|\\s*(?:,[^,“”"]{1,80},\\s*)?(?:has\\s+|had\\s+|also\\s+)?(?:${SPEECH_VERB_PATTERN})\\b|,\\s+(?:which|a|an|the)\\s+(?:\\p{Ll}+\\s+){0,3}(?:firm|company|maker|group|organisation|organization|charity|agency|body|network|band))`,
  'u',
);

/** Context that makes a repeated single word an organisation: "firm Sophos", "Sophos said", "Bioware's producer". */
function hasOrganisationCue(text: string, start: number, end: number): boolean {
  return ORG_NOUN_BEFORE.test(text.slice(Math.max(0, start - 30), start)) || ORG_AFTER.test(text.slice(end));
}

// "Aung San Suu Kyi, the de facto head of…": a role noun a person holds, in an apposition.
// Nouns an organisation can also be ("the market leader", "the owner of") are left out.
const PERSON_ROLES = ROLE_NOUNS.filter(
  (r) => !['leader', 'owner', 'partner', 'rival', 'star', 'chief', 'general', 'producer'].includes(r),
);
const ROLE_APPOSITION = new RegExp(
  `^,\\s*(?:the|a|an)\\s+(?:[\\p{Ll}-]+\\s+){0,3}?(?:${PERSON_ROLES.join('|')})\\b`,
  'u',
);

function hasPersonCue(text: string, end: number): boolean {
  const after = text.slice(end);
  return (
    ROLE_APPOSITION.test(after) ||
    /^,\s*\d{1,3}\s*,/.test(after) ||
    /^,\s*(?:who|whose)\b/.test(after) ||
    /^['’]s\s+(?:wife|husband|son|daughter|father|mother)\b/.test(after)
  );
}

/** "George W Bush" and "George Bush" in one article are one person. */
function mergeSamePeople(clusters: Cluster[]): void {
  // Only people with the same surname and first initial can merge ("B O'Driscoll", "Brian
  // O'Driscoll"): comparing within those groups keeps the pairwise loop from growing with the
  // square of the article's people.
  const groups = new Map<string, Cluster[]>();
  for (const c of clusters) {
    if (c.type !== 'person' || !c.name.includes(' ')) continue;
    const key = `${normaliseAlias(c.name).charAt(0)} ${surnameKey(c.name)}`;
    pushTo(groups, key, c);
  }
  for (const people of groups.values()) mergeGroup(people);
}

function mergeGroup(people: Cluster[]): void {
  for (const a of people) {
    for (const b of people) {
      if (a === b || !a.mentions.length || !b.mentions.length) continue;
      const [af, al] = [normaliseAlias(a.name).split(' ')[0], surnameKey(a.name)];
      const [bf, bl] = [normaliseAlias(b.name).split(' ')[0], surnameKey(b.name)];
      // "B O'Driscoll" is "Brian O'Driscoll" when they share the surname and the initial.
      const sameFirst = af === bf || (bf?.length === 1 && af?.startsWith(bf));
      if (!sameFirst || al !== bl || a.name.length < b.name.length) continue;
      for (const m of b.mentions) {
        m.cluster = a;
        a.mentions.push(m);
      }
      for (const x of b.aliases) a.aliases.add(x);
      for (const r of b.roles) addRole(a, r);
      b.mentions = [];
    }
  }
}

function toActor(c: Cluster, title: string): ExtractedActor {
  const mentions = [...new Set([...c.mentions.map((m) => m.sentence), ...c.actions])].sort((a, b) => a - b);
  let salience = 0;
  for (const m of c.mentions) {
    const position = m.sentence === 0 ? 2 : m.sentence <= 2 ? 1.5 : m.sentence <= 5 ? 1.2 : 1;
    salience += (m.kind === 'demonym' ? 0.4 : 1) * position;
  }
  salience += 0.5 * c.actions.size + 0.5 * c.quoteCount;
  const titleKey = ` ${normaliseAlias(title)} `;
  const aliases = [...c.aliases];
  if (
    aliases.some((a) => titleKey.includes(` ${normaliseAlias(a)} `)) ||
    titleKey.includes(` ${surnameKey(c.name)} `)
  )
    salience += 3;
  const aliasList = [c.name, ...aliases.filter((a) => a !== c.name).sort()];
  if (c.type === 'person' && c.name.includes(' ')) {
    const surname = c.name.split(/\s+/).pop()!;
    if (!aliasList.includes(surname) && aliases.some((a) => a.endsWith(surname))) aliasList.push(surname);
  }
  return {
    name: c.name,
    type: c.type,
    aliases: aliasList,
    roles: c.roles,
    mentions,
    actions: [...c.actions].sort((a, b) => a - b),
    salience: Math.round(salience * 100) / 100,
  };
}
