/**
 * One tenant's actors across articles: per-article rows merged by name and alias (a surname-only
 * "Dubois" joins "Anne Dubois"), and name lookup tolerant of titles, honorifics, acronyms,
 * case and diacritics.
 */
import type { ActorType, ArticleActor, ExtractedActor, Quote, Relation } from '../core/types.ts';
import {
  ACRONYMS,
  HONORIFICS,
  lookupDemonym,
  TITLE_HEADS,
  TITLE_MODIFIERS,
  variantKeys,
} from './gazetteer.ts';
import { normaliseAlias, surnameKey } from './normalise.ts';

export interface MergedActor {
  name: string;
  type: ActorType;
  aliases: string[];
  roles: { text: string; articleId: number }[];
  mentionCount: number;
  articleIds: number[];
  quotes: (Quote & { articleId: number })[];
  relations: (Relation & { articleId: number })[];
  actions: { articleId: number; sentenceIndex: number }[];
  salience: number;
}

const words = (key: string) => key.split(' ').filter(Boolean);

/** Initials of an organisation's capitalised words ("International Institute for Strategic Studies" → "iiss"). */
function acronymOf(name: string): string | undefined {
  const caps = name.split(/\s+/).filter((w) => /^\p{Lu}/u.test(w));
  if (caps.length < 2 || caps.length > 6) return undefined;
  // An abbreviation inside the name gives all its letters: "UK Independence Party" → "ukip", and
  // "U.S. Senate" → "uss", not "us" (which names the country).
  return caps.map((w) => (ABBREVIATION.test(w) ? w.replace(/\./g, '') : w[0]!).toLowerCase()).join('');
}

/** A word that is itself an abbreviation: capitals, optionally dotted ("UK", "U.S."). */
const ABBREVIATION = /^(?:\p{Lu}\.?){2,}$/u;

/** Normalised keys the store should index for an article actor: name, aliases, surname, acronyms, variants. */
export function aliasKeys(actor: Pick<ExtractedActor, 'name' | 'type' | 'aliases'>): string[] {
  const keys = new Set<string>();
  const add = (k: string | undefined) => {
    if (k) keys.add(k);
  };
  add(normaliseAlias(actor.name));
  for (const a of actor.aliases) {
    const k = normaliseAlias(a);
    add(k);
    // "Mr Smith" is also found as "smith".
    const w = words(k);
    if (w.length > 1 && HONORIFICS.has(capitalise(w[0]!))) add(w.slice(1).join(' '));
  }
  if (actor.type === 'person') add(surnameKey(actor.name));
  if (actor.type === 'organisation') add(acronymOf(actor.name));
  for (const v of variantKeys(actor.name)) add(v);
  return [...keys];
}

function capitalise(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}

interface Group {
  /** Creation order: among several matches the earliest group wins, so results do not depend on indexing. */
  order: number;
  rows: ArticleActor[];
}

/** Whether a name is one word once normalised ("Dubois", "EU"): its type is a guess and it may be a surname. */
export const isSingleWord = (name: string) => words(normaliseAlias(name)).length === 1;

/** Merges per-article actor rows into one actor per real-world entity, most important first. */
export function mergeActors(rows: ArticleActor[]): MergedActor[] {
  // Full names first so surname-only rows find the person they belong to.
  // Word counts computed once per row, not once per comparison.
  const length = new Map(rows.map((r) => [r, words(normaliseAlias(r.name)).length]));
  const ordered = [...rows].sort(
    (a, b) =>
      length.get(b)! - length.get(a)! ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      a.articleId - b.articleId,
  );
  const groups: Group[] = [];
  const byName = new Map<string, Group>();
  const bySurname = new Map<string, Group[]>();
  // Strong key → groups holding it: a lookup per key instead of a scan of every group per row,
  // which made /actors take a minute on 2,000 articles.
  const byKey = new Map<string, Group[]>();
  for (const row of ordered) {
    const keys = strongKeys(row);
    const key = normaliseAlias(row.name);
    let group = byName.get(key);
    if (group && !typesAgree(group.rows[0]!, row)) group = undefined;
    if (!group && isSingleWord(row.name) && row.type !== 'place') {
      const owners = (bySurname.get(key) ?? []).filter((g) => g.rows[0]!.type === 'person');
      if (owners.length) group = owners.reduce((a, b) => (mentionsOf(b) > mentionsOf(a) ? b : a));
    }
    if (!group) {
      // An acronym or variant one article uses and another spells out ("EU" / "European Union").
      for (const k of keys) {
        for (const g of byKey.get(k) ?? []) {
          if ((!group || g.order < group.order) && typesAgree(g.rows[0]!, row)) group = g;
        }
      }
    }
    if (!group) {
      group = { order: groups.length, rows: [] };
      groups.push(group);
    }
    group.rows.push(row);
    for (const k of keys) {
      const holders = byKey.get(k);
      if (!holders) byKey.set(k, [group]);
      else if (!holders.includes(group)) holders.push(group);
    }
    byName.set(key, group);
    if (row.type === 'person' && !isSingleWord(row.name)) {
      const sk = surnameKey(row.name);
      const list = bySurname.get(sk) ?? [];
      if (!list.includes(group)) bySurname.set(sk, [...list, group]);
    }
  }
  return groups
    .map(toMerged)
    .sort(
      (a, b) => b.salience - a.salience || b.mentionCount - a.mentionCount || a.name.localeCompare(b.name),
    );
}

/** Alias keys safe for merging: a full name's bare surname could belong to a relative ("Laura Bush"). */
export function strongKeys(row: Pick<ExtractedActor, 'name' | 'type' | 'aliases'>): string[] {
  const initials = initialsKey(row);
  const keys = aliasKeys(row).filter((k) => k !== initials);
  if (row.type !== 'person' || isSingleWord(row.name)) return keys;
  const surname = surnameKey(row.name);
  return keys.filter((k) => k !== surname);
}

/**
 * An organisation's initials when its article never writes them ("Edinburgh University" → "eu"):
 * found by a question, never a reason to merge. As a merging key they joined the European Union,
 * the Conservative Party and every other name with the same initials into one actor on a big server.
 */
export function initialsKey(row: Pick<ExtractedActor, 'name' | 'type' | 'aliases'>): string | undefined {
  if (row.type !== 'organisation') return undefined;
  const initials = acronymOf(row.name);
  if (!initials) return undefined;
  const written = [row.name, ...row.aliases].some((a) => normaliseAlias(a) === initials);
  return written ? undefined : initials;
}

function typesAgree(a: ArticleActor, b: ArticleActor): boolean {
  // A single word's type is a guess (organisation by default), so it may join a person.
  return (
    a.type === b.type ||
    (isSingleWord(a.name) && a.type !== 'place') ||
    (isSingleWord(b.name) && b.type !== 'place')
  );
}

function mentionsOf(g: Group): number {
  return g.rows.reduce((n, r) => n + r.mentions.length, 0);
}

function toMerged(g: Group): MergedActor {
  return mergeGroup(g.rows);
}

/** One actor from rows already known to be the same entity (a registry group's members). */
export function mergeGroup(members: ArticleActor[]): MergedActor {
  const rows = [...members].sort((a, b) => a.articleId - b.articleId);
  const canonical = [...rows].sort(
    (a, b) =>
      b.name.length - a.name.length || b.mentions.length - a.mentions.length || a.name.localeCompare(b.name),
  )[0]!;
  const typeWeight = new Map<ActorType, number>();
  for (const r of rows)
    typeWeight.set(
      r.type,
      (typeWeight.get(r.type) ?? 0) + r.mentions.length + (isSingleWord(r.name) ? 0 : 100),
    );
  const type = [...typeWeight].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  const aliases = new Set<string>([canonical.name]);
  for (const r of rows) {
    aliases.add(r.name);
    for (const a of r.aliases) aliases.add(a);
  }
  const roles: { text: string; articleId: number }[] = [];
  const seenRoles = new Set<string>();
  for (const r of rows)
    for (const text of r.roles) {
      const k = normaliseAlias(text);
      if (seenRoles.has(k)) continue;
      seenRoles.add(k);
      roles.push({ text, articleId: r.articleId });
    }
  return {
    name: canonical.name,
    type,
    aliases: [...aliases],
    roles,
    mentionCount: rows.reduce((n, r) => n + r.mentions.length, 0),
    articleIds: [...new Set(rows.map((r) => r.articleId))],
    quotes: rows.flatMap((r) => r.quotes.map((q) => ({ ...q, articleId: r.articleId }))),
    relations: rows.flatMap((r) => r.relations.map((x) => ({ ...x, articleId: r.articleId }))),
    actions: rows.flatMap((r) =>
      r.actions.map((sentenceIndex) => ({ articleId: r.articleId, sentenceIndex })),
    ),
    salience: Math.round(rows.reduce((n, r) => n + r.salience, 0) * 100) / 100,
  };
}

/** Strips titles, honorifics and articles from a typed name ("French President Anne Dubois" → "anne dubois"). */
function stripTitles(query: string): string {
  const w = query.split(/\s+/).filter(Boolean);
  let i = 0;
  while (i < w.length - 1) {
    const t = w[i]!.replace(/\.$/, '');
    const cap = capitalise(t.toLowerCase());
    if (
      /^the$/i.test(t) ||
      HONORIFICS.has(cap) ||
      TITLE_HEADS.has(cap) ||
      TITLE_MODIFIERS.has(cap) ||
      lookupDemonym(cap)
    )
      i++;
    else break;
  }
  return normaliseAlias(w.slice(i).join(' '));
}

/** Finds the actor a person means by a typed name, or undefined when none fits. */
export function resolveActor(query: string, actors: MergedActor[]): MergedActor | undefined {
  const raw = normaliseAlias(query);
  if (!raw) return undefined;
  const candidates = new Set<string>([raw, raw.replace(/^the /, ''), stripTitles(query)]);
  for (const k of [...candidates]) {
    const expanded = ACRONYMS.get(k);
    if (expanded) candidates.add(normaliseAlias(expanded));
  }
  const keysOf = (a: MergedActor) => {
    const keys = new Set<string>([normaliseAlias(a.name)]);
    for (const x of a.aliases) keys.add(normaliseAlias(x));
    for (const v of variantKeys(a.name)) keys.add(v);
    return keys;
  };
  for (const a of actors) {
    const keys = keysOf(a);
    if ([...candidates].some((c) => c && keys.has(c))) return a;
  }
  // Initials no article writes come after every written name: "EU" is the European Union its
  // articles call so, before Edinburgh University.
  for (const a of actors) {
    const initials = a.type === 'organisation' ? acronymOf(a.name) : undefined;
    if (initials && candidates.has(initials)) return a;
  }
  // A surname alone ("Lindqvist"), or a first-and-last form of a longer name.
  for (const a of actors) {
    if (a.type !== 'person') continue;
    const name = normaliseAlias(a.name);
    for (const c of candidates) {
      if (!c) continue;
      const cw = words(c);
      if (cw.length === 1 && surnameKey(a.name) === c) return a;
      if (cw.length > 1 && cw[0] === words(name)[0] && cw[cw.length - 1] === surnameKey(a.name)) return a;
    }
  }
  return undefined;
}
