/**
 * Roles as the article states them: appositions ("X, an opposition politician", "X, who heads
 * Y", "X, a former ambassador … who’s now senior fellow at Y"), role nouns before a name
 * ("Microsoft chief executive Steve Ballmer", "Russia’s foreign minister Sergei Lavrov") and
 * definite descriptions ("the Kenyan president") tied to the one person they can mean.
 */

import { ROLE_NOUNS as ROLE_NOUN_LIST, SPEECH_VERB_PATTERN } from '../text/lexicon.ts';
import { lookupDemonym, lookupPlace } from './gazetteer.ts';
import { addRole, type Cluster, type Doc } from './model.ts';

/** Where a role phrase ends: the clause that follows a name starts with a speech verb ("…, said"). */
const SPEECH_START = new RegExp(`\\s(?:${SPEECH_VERB_PATTERN})\\b`);
/** …or with a relative pronoun ("…, who"). */
const CLAUSE_START = new RegExp(`\\s(?:who|which|${SPEECH_VERB_PATTERN})\\b`);

const ROLE_VERBS =
  'heads|headed|leads|led|runs|ran|chairs|chaired|directs|directed|manages|managed|founded|co-founded|owns|owned|edits|edited|represents|represented|coaches|coached|captains|oversees|oversaw|advises|advised|commands|commanded|presides over|chairs|teaches|taught';
const ROLE_NOUNS = ROLE_NOUN_LIST.join('|');
const ROLE_MODIFIERS = new Set(
  'former|deputy|vice|chief|executive|acting|senior|junior|foreign|prime|opposition|shadow|managing|general|finance|defence|defense|home|health|interior|trade|party|team|club|national|economic|political|military|security|press|communications|financial|technology|company|group|veteran|leading|top|interim|new|outgoing|incoming|exiled|jailed|detained|rebel|union|campaign|independent|conservative|liberal|labour|tory|democratic|republican|socialist|communist|pro-democracy|presidential|election|state|founding|co-founder|film|music|pop|rock|tennis|football|golf'.split(
    '|',
  ),
);
const APPOSITION_END = /[,;:“”"]|\s(?:who|which|said|says|told|added)\b|\.$/;

/** Tidies a role phrase: drops a trailing "in London", sentence punctuation and quote marks. */
function tidy(role: string): string {
  let r = role.trim().replace(/[.,;:]+$/, '');
  const place = r.match(/\s+(?:in|of)\s+((?:\p{Lu}[\p{L}.’'-]*\s?)+)$/u);
  if (place && lookupPlace(place[1]!.trim()) && /\s(?:at|of|for)\s/.test(r.slice(0, place.index)))
    r = r.slice(0, place.index);
  return r.trim();
}

function isRolePhrase(role: string): boolean {
  const words = role.split(/\s+/);
  if (words.length === 0 || words.length > 14) return false;
  if (
    /^(?:(?:in|on|at|to|from|with|by|for|of|into|under|now|still|also|not|no|the|his|her|their|its)\b|\d)/i.test(
      role,
    )
  )
    return false;
  return /\p{Ll}/u.test(role);
}

const ROLE_NOUN_RE = new RegExp(`\\b(?:${ROLE_NOUNS})s?\\b`, 'i');
const hasRoleNoun = (r: string) => ROLE_NOUN_RE.test(r);

/** Parses what follows "X," for a role. Returns the roles found. */
function appositionRoles(after: string): string[] {
  const roles: string[] = [];
  const who = after.match(
    new RegExp(`^,\\s*who\\s+(?:also\\s+|now\\s+|currently\\s+)?((?:${ROLE_VERBS})\\s+[^,;“”"]+)`),
  );
  if (who) {
    const r = tidy(who[1]!.split(APPOSITION_END)[0]!);
    if (isRolePhrase(r)) roles.push(r);
    return roles;
  }
  const be = after.match(
    /^,\s*who(?:['’]s|\s+is|\s+was|\s+has been|\s+had been)\s+(?:now\s+|currently\s+|also\s+)?(?:a|an|the)?\s*([^,;“”"]+)/,
  );
  if (be) {
    const r = tidy(be[1]!.split(CLAUSE_START)[0]!);
    if (isRolePhrase(r) && hasRoleNoun(r)) roles.push(r);
    return roles;
  }
  const np = after.match(/^,\s*(?:a|an|the)\s+([^,;:“”"]+)/);
  if (np) {
    const phrase = np[1]!;
    const [first, ...rest] = phrase.split(
      /\s+who(?:['’]s|\s+is|\s+was)\s+(?:now\s+|currently\s+|also\s+)?(?:a\s+|an\s+|the\s+)?/,
    );
    const r1 = tidy(first!.split(CLAUSE_START)[0]!);
    if (isRolePhrase(r1) && hasRoleNoun(r1)) roles.push(r1);
    if (roles.length && rest.length) {
      const r2 = tidy(rest.join(' ').split(SPEECH_START)[0]!);
      if (isRolePhrase(r2)) roles.push(r2);
    }
  }
  return roles;
}

/** Role noun phrase right before a name: "opposition leader X", "Microsoft chief executive X". */
function preNameRole(before: string): string | undefined {
  const words = before.trimEnd().split(/\s+/);
  if (!before.endsWith(' ')) return undefined;
  const lastWord = (words[words.length - 1] ?? '').toLowerCase();
  if (!new RegExp(`^(?:${ROLE_NOUNS})$`).test(lastWord)) return undefined;
  let i = words.length - 1;
  let modifiers = 0;
  while (i > 0 && modifiers < 4) {
    const w = words[i - 1]!;
    const plain = w.replace(/['’]s$/, '');
    if (ROLE_MODIFIERS.has(w.toLowerCase()) || new RegExp(`^(?:${ROLE_NOUNS})$`).test(w.toLowerCase())) {
      i--;
      modifiers++;
    } else if (/^\p{Lu}/u.test(plain) && !/^(?:The|A|An|In|On|At|But|And|Said|Says)$/.test(plain)) {
      // "Microsoft chief executive", "Russia’s foreign minister": the organisation or country is part of the role.
      i--;
      modifiers++;
    } else break;
  }
  const role = words.slice(i).join(' ');
  // A bare "leader" or "head" says little; keep it only with a modifier.
  return i < words.length - 1 ? role : undefined;
}

/** Countries a person's roles tie them to ("Russian President" → Russia). */
function countriesOf(c: Cluster): Set<string> {
  const out = new Set<string>();
  for (const r of c.roles)
    for (const w of r.split(/\s+/)) {
      const country = lookupDemonym(w.replace(/['’]s$/, '')) ?? lookupPlace(w.replace(/['’]s$/, ''));
      if (country) out.add(country);
    }
  return out;
}

const DESCRIPTION =
  /\bthe\s+(\p{Lu}[\p{L}-]+)\s+(president|ruler|leader|prime minister|premier|strongman|dictator|foreign minister|chancellor|king|queen|monarch|head of state|autocrat)\b/gu;

/** Finds roles for people and resolves "the Kenyan president" to the only person it can mean. */
export function extractRoles(doc: Doc): void {
  doc.sentences.forEach((s, si) => {
    const text = s.text;
    for (const m of doc.mentions[si] ?? []) {
      if (m.kind !== 'name' || m.cluster.type !== 'person' || m.possessive) continue;
      for (const r of appositionRoles(text.slice(m.end))) addRole(m.cluster, r);
      const pre = preNameRole(text.slice(Math.max(0, m.start - 80), m.start));
      if (pre) addRole(m.cluster, pre);
    }
    for (const d of text.matchAll(DESCRIPTION)) {
      const country = lookupDemonym(d[1]!) ?? lookupPlace(d[1]!);
      if (!country) continue;
      const offset = d.index;
      const nearby = [
        ...(doc.mentions[si] ?? []).filter((m) => m.end <= offset),
        ...(si > 0 ? (doc.mentions[si - 1] ?? []) : []),
      ]
        .map((m) => m.cluster)
        .filter((c) => c.type === 'person');
      const candidates = [...new Set(nearby)].filter((c) => {
        const ties = countriesOf(c);
        return ties.size === 0 || ties.has(country);
      });
      if (candidates.length !== 1) continue;
      const who = candidates[0]!;
      addRole(who, `${d[1]} ${d[2]}`);
      const start = offset + d[0].indexOf(d[1]!);
      who.mentions.push({
        cluster: who,
        sentence: si,
        start,
        nameStart: start,
        end: offset + d[0].length,
        possessive: false,
        kind: 'description',
      });
    }
  });
}
