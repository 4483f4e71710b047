/**
 * From a capitalised run to a name candidate: trims sentence-initial common words and dates,
 * strips titles into roles ("French President Anne Dubois" → "Anne Dubois" + "French
 * President"), and guesses the type from gazetteers, organisation endings and person cues.
 */

import { GIVEN_NAMES, PARTY_MEMBERS, PARTY_WORDS, SPEECH_VERBS } from '../text/lexicon.ts';
import type { Run, Token } from './candidates.ts';
import { isCommonWord, isStopToken, isWeekday } from './candidates.ts';
import {
  HONORIFICS,
  lookupDemonym,
  lookupOrg,
  lookupPlace,
  MONTHS,
  NON_ACTORS,
  ORG_KEYWORDS,
  TITLE_HEADS,
  TITLE_MODIFIERS,
} from './gazetteer.ts';

/** 'maybe-person': a capitalised pair with no evidence yet; extraction keeps it only if the article gives some. */
export type GuessType = 'person' | 'maybe-person' | 'organisation' | 'place' | 'unknown';

export interface NameCandidate {
  sentence: number;
  /** Offsets of the whole run (title included) in the sentence. */
  start: number;
  end: number;
  /** Offsets of the name part. */
  nameStart: number;
  /** The name as written, title stripped ("Anne Dubois", "U.S."). */
  name: string;
  /** The run as written, title included ("French President Anne Dubois", "Mr Smith"). */
  surface: string;
  /** Canonical form for gazetteer entries ("United States"), otherwise the name. */
  canonical: string;
  type: GuessType;
  role?: string | undefined;
  honorific?: string | undefined;
  possessive: boolean;
  /** Countries named by demonyms inside the title ("Russian" in "Russian President"). */
  demonymCountries: string[];
}

function textOf(sentence: string, tokens: Token[]): string {
  return sentence.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end);
}

const isAllCaps = (t: string) => /^\p{Lu}[\p{Lu}\d&.]+$/u.test(t);

function completesKnownName(before: Token[], t: Token): boolean {
  for (let k = 1; k <= Math.min(3, before.length); k++) {
    const words = [...before.slice(-k).map((x) => x.text), t.text].join(' ');
    if (lookupPlace(words) || lookupOrg(words)) return true;
  }
  return false;
}

function opensKnownName(tokens: Token[], i: number): boolean {
  const t = tokens[i]!;
  if (MONTHS.has(t.text) || isWeekday(t.text)) return false;
  for (let k = 1; k <= 4 && i + k < tokens.length; k++) {
    const span = tokens.slice(i, i + k + 1);
    const words = span.map((x) => x.text).join(' ');
    if (lookupPlace(words) || lookupOrg(words)) return true;
    if (k >= 2 && i + k === tokens.length - 1 && ORG_KEYWORDS.has(span.at(-1)!.text)) return true;
  }
  return false;
}

/** Splits a run at dates and credit words and trims what cannot start or end a name. */
export function trimRun(
  run: Run,
  capSeenInside: ReadonlySet<string>,
  lowerSeen: ReadonlySet<string>,
): Token[][] {
  const pieces: Token[][] = [];
  let cur: Token[] = [];
  run.tokens.forEach((t, i) => {
    // "United States", "South America", "Internet Fraud Complaint Center": a stop word that is
    // part of a known name, or opens an organisation's name, stays.
    if (isStopToken(t.text) && !completesKnownName(cur, t) && !opensKnownName(run.tokens, i)) {
      if (cur.length) pieces.push(cur);
      cur = [];
    } else cur.push(t);
  });
  if (cur.length) pieces.push(cur);
  const out: Token[][] = [];
  pieces.forEach((piece, index) => {
    let p = piece;
    // Leading "The", "In", "While": function words never start a name, unless the gazetteer says so ("The Hague").
    while (
      p.length &&
      isCommonWord(p[0]!.text) &&
      !(p.length > 1 && (lookupPlace(joined(p)) || lookupOrg(joined(p)) || opensKnownName(p, 0)))
    ) {
      p = p.slice(1);
    }
    // "Lindsey Graham Tweeted Saturday": a capitalised speech verb ends the name before it.
    const verb = p.findIndex((t, k) => k > 0 && SPEECH_VERB_SET.has(t.text.toLowerCase()));
    if (verb > 0) p = p.slice(0, verb);
    while (p.length && !p[p.length - 1]!.cap) p = p.slice(0, -1);
    if (!p.length) return;
    const parts = splitQualified(p);
    if (parts) {
      out.push(...parts);
      return;
    }
    if (index === 0 && run.initial && p[0] === piece[0]) {
      const first = p[0]!.text;
      const known =
        lookupPlace(first) ||
        lookupOrg(first) ||
        lookupDemonym(first) ||
        isAllCaps(first) ||
        HONORIFICS.has(first) ||
        TITLE_HEADS.has(first) ||
        TITLE_MODIFIERS.has(first);
      // A sentence-initial word is a name only if the article also capitalises it elsewhere.
      if (!known && !capSeenInside.has(first)) {
        if (p.length === 1) return;
        // "Entering Westminster", "Quarterly Results": a gerund, an adverb or a word also written in lower case.
        if (lowerSeen.has(first.toLowerCase()) || /(?:ing|ly)$/.test(first)) p = p.slice(1);
      }
    }
    if (p.length) out.push(p);
  });
  return out;
}

const SPEECH_VERB_SET: ReadonlySet<string> = new Set(SPEECH_VERBS);

/** The tokens' text as written in a name, for gazetteer look-ups. */
const joined = (ts: Token[]) => ts.map((t) => t.text).join(' ');

/**
 * A known name qualified by another: "Senate Democrats" and "a New Mexico Democrat" are a party's
 * members in a chamber or a state, "US Federal Bureau of Investigation" a known organisation with
 * its country. Each known part is its own actor; a lone party member ("Democrat") describes a
 * person and names no one.
 */
function splitQualified(p: Token[]): Token[][] | undefined {
  if (p.length < 2) return undefined;
  const last = p.at(-1)!.text;
  const before = p.slice(0, -1);
  if (PARTY_MEMBERS.has(last) && (lookupPlace(joined(before)) || lookupOrg(joined(before)))) {
    return last.endsWith('s') ? [before, p.slice(-1)] : [before];
  }
  const rest = p.slice(1);
  if (lookupPlace(p[0]!.text) && lookupOrg(joined(rest)) && !lookupOrg(joined(p)))
    return [p.slice(0, 1), rest];
  return undefined;
}

/** Builds the name candidate of a trimmed run, or undefined for demonyms, titles alone and junk. */
export function toCandidate(
  sentence: string,
  sentenceIndex: number,
  tokens: Token[],
): NameCandidate | undefined {
  const surface = textOf(sentence, tokens);
  const last = tokens[tokens.length - 1]!;
  const base = {
    sentence: sentenceIndex,
    start: tokens[0]!.start,
    end: last.end,
    surface,
    possessive: last.possessive,
  };
  const place = lookupPlace(surface);
  if (place)
    return {
      ...base,
      nameStart: base.start,
      name: surface,
      canonical: place,
      type: 'place',
      demonymCountries: [],
    };
  const org = lookupOrg(surface);
  if (org)
    return {
      ...base,
      nameStart: base.start,
      name: surface,
      canonical: org,
      type: 'organisation',
      demonymCountries: [],
    };
  // Model numbers and products ("Airbus A321", "SP2") are not actors.
  if (tokens.some((t) => /\d/.test(t.text))) return undefined;
  // "the Group", "the Government": a bare organisation word names nothing in particular.
  if (tokens.length === 1 && ORG_KEYWORDS.has(last.text)) return undefined;
  if (
    tokens.some((t) => ORG_KEYWORDS.has(t.text)) &&
    !(tokens.length === 1 && TITLE_HEADS.has(last.text)) &&
    !titledName(tokens)
  ) {
    let orgTokens = tokens;
    // "The" inside a name ("The Hague") survives via the gazetteer; otherwise it is an article.
    if (orgTokens[0]!.text === 'The' && orgTokens.length > 1) orgTokens = orgTokens.slice(1);
    const name = textOf(sentence, orgTokens);
    // "Champions League", "Ryder Cup": an event named like a body.
    if (NON_ACTORS.has(name)) return undefined;
    return {
      ...base,
      start: orgTokens[0]!.start,
      nameStart: orgTokens[0]!.start,
      name,
      canonical: name,
      type: 'organisation',
      demonymCountries: [],
    };
  }
  // The name is the trailing tokens that are not titles, honorifics or demonyms.
  let k = tokens.length;
  while (k > 0) {
    const t = tokens[k - 1]!.text;
    if (TITLE_HEADS.has(t) || HONORIFICS.has(t) || lookupDemonym(t)) break;
    if (TITLE_MODIFIERS.has(t) && k < tokens.length && k - 1 > 0) break;
    // "Republican Mike Coffman": the party qualifies the person, as a title would.
    if (PARTY_WORDS.has(t) && k < tokens.length) break;
    k--;
  }
  // "Archbishop of Westminster", "Secretary of State": what follows "of" after a title belongs to the title.
  const joiner = tokens.findIndex((t, i) => i > 0 && !t.cap && TITLE_HEADS.has(tokens[i - 1]!.text));
  if (joiner >= 0 && joiner >= k - 1) {
    k = joiner + 1;
    while (
      k < tokens.length &&
      (!tokens[k]!.cap || lookupPlace(tokens[k]!.text) || TITLE_MODIFIERS.has(tokens[k]!.text))
    )
      k++;
    // One word after "Archbishop of" is the see, not the person.
    if (tokens.length - k === 1) k = tokens.length;
  }
  while (k < tokens.length && !tokens[k]!.cap) k++;
  const prefix = tokens.slice(0, k);
  const nameTokens = tokens.slice(k);
  const demonymCountries = prefix.flatMap((t) => {
    const c = lookupDemonym(t.text) ?? lookupPlace(t.text);
    return c ? [c] : [];
  });
  if (!nameTokens.length)
    return { ...base, nameStart: last.end, name: '', canonical: '', type: 'unknown', demonymCountries };
  const name = textOf(sentence, nameTokens);
  const nameStart = nameTokens[0]!.start;
  const honorific =
    prefix.length && HONORIFICS.has(prefix[prefix.length - 1]!.text)
      ? prefix[prefix.length - 1]!.text
      : undefined;
  const hasTitle = prefix.some((t) => TITLE_HEADS.has(t.text) || PARTY_WORDS.has(t.text));
  const role = hasTitle ? textOf(sentence, honorific ? prefix.slice(0, -1) : prefix) : undefined;
  const innerPlace = lookupPlace(name);
  if (innerPlace) return { ...base, nameStart, name, canonical: innerPlace, type: 'place', demonymCountries };
  const innerOrg = lookupOrg(name);
  if (innerOrg)
    return { ...base, nameStart, name, canonical: innerOrg, type: 'organisation', demonymCountries };
  if (nameTokens.length === 1 && (NON_ACTORS.has(name) || lookupDemonym(name))) return undefined;
  if (NON_ACTORS.has(name)) return undefined;
  let type: GuessType;
  if (role || honorific) type = 'person';
  else if (nameTokens.length === 1 && isAllCaps(name)) {
    // "Internet Explorer (IE)", "continuing resolution (CR)": an acronym is what it abbreviates.
    if (definesNonOrganisation(sentence, base.start, base.end)) return undefined;
    type = 'organisation';
  } else if (nameTokens.length >= 2 && nameTokens.every((t) => isAllCaps(t.text))) type = 'organisation';
  else if (nameTokens.length >= 2 && looksLikeOrganisation(nameTokens)) type = 'organisation';
  else if (nameTokens.length >= 2) type = hasGivenName(nameTokens) ? 'person' : 'maybe-person';
  else type = 'unknown';
  return { ...base, nameStart, name, canonical: name, type, role, honorific, demonymCountries };
}

/**
 * True for "(XYZ)" defining the words before it ("continuing resolution (CR)", "Internet Explorer
 * (IE)") when those words are not an organisation's name. Only a real definition counts: the
 * acronym's letters are the initials of the words before it ("the existing (UN) Council" is not one).
 */
export function definesNonOrganisation(sentence: string, start: number, end: number): boolean {
  if (sentence[start - 1] !== '(' || sentence[end] !== ')') return false;
  const acronym = sentence.slice(start, end).toLowerCase();
  const before = sentence
    .slice(Math.max(0, start - 120), start - 1)
    .trimEnd()
    .split(/\s+/)
    .filter((w) => !/^(?:of|for|and|the|on|to|in)$/i.test(w));
  const words = before.slice(-acronym.length);
  if (words.length < acronym.length || words.map((w) => w[0]!.toLowerCase()).join('') !== acronym)
    return false;
  const expansion = words.join(' ');
  return !(lookupOrg(expansion) || words.some((w) => ORG_KEYWORDS.has(w)));
}

/**
 * "Senate Majority Leader Mitch McConnell", "White House Press Secretary Sarah Sanders": a title
 * head followed by one to three plain capitalised words is a person with a role, even when an
 * organisation word ("Senate", "House") opens the title.
 */
function titledName(tokens: Token[]): boolean {
  let h = -1;
  tokens.forEach((t, i) => {
    if (TITLE_HEADS.has(t.text)) h = i;
  });
  const rest = tokens.slice(h + 1);
  return (
    h >= 1 &&
    rest.length >= 1 &&
    rest.length <= 3 &&
    rest.every(
      (t) => t.cap && !ORG_KEYWORDS.has(t.text) && !TITLE_MODIFIERS.has(t.text) && !lookupPlace(t.text),
    )
  );
}

/** Evidence in the name itself: a known given name first, or an initial ("B O'Driscoll", "George W Bush"). */
function hasGivenName(tokens: Token[]): boolean {
  const first = tokens[0]!.text;
  return GIVEN_NAMES.has(first) || tokens.slice(0, -1).some((t) => /^\p{Lu}$/u.test(t.text));
}

// Place names that are also common first names: "Paris Hilton", "Sydney Pollack".
const FIRST_NAME_PLACES = new Set([
  'Paris',
  'Sydney',
  'Jordan',
  'Georgia',
  'Chad',
  'Kent',
  'Florence',
  'Victoria',
  'Austin',
  'Lincoln',
  'Washington',
  'Devon',
  'Essex',
  'Brest',
]);

/** Multi-word names with an acronym or a place inside are companies and teams, not people ("AOL Europe", "Newcastle Falcons"). */
function looksLikeOrganisation(tokens: Token[]): boolean {
  return tokens.some(
    (t) =>
      /^\p{Lu}{2,}$/u.test(t.text) || (lookupPlace(t.text) !== undefined && !FIRST_NAME_PLACES.has(t.text)),
  );
}
