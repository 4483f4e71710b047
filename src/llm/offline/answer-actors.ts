/**
 * Actor matching for the answerer: the caller's focus actors (with aliases) plus the names the
 * question itself mentions, matched case-insensitively with possessives, and role appositions
 * ("X, an opposition politician,") turned into a short lead sentence.
 */

import { TITLE_HEADS } from '../../text/lexicon.ts';
import { words } from '../../text/tokens.ts';

export interface ActorMatcher {
  name: string;
  aliases: string[];
  /** Matches any alias as a whole word, case-insensitive (possessive ’s allowed after it). */
  re: RegExp;
  /** From the question text rather than the caller's resolved actors (fuzzy existence check). */
  fromQuestion: boolean;
  /** Lower-case tokens of the question name, for the fuzzy existence check. */
  tokens: string[];
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Regexes derived from an actor's, by source and flags: scoring builds the same ones for every passage. */
const DERIVED = new Map<string, RegExp>();
const DERIVED_LIMIT = 500;

/** The RegExp for a source and flags, compiled once while remembered (callers must not rely on lastIndex). */
export function derivedRegex(source: string, flags: string): RegExp {
  const key = `${flags}\u0000${source}`;
  let re = DERIVED.get(key);
  if (re === undefined) {
    if (DERIVED.size >= DERIVED_LIMIT) DERIVED.clear();
    re = new RegExp(source, flags);
    DERIVED.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}

/** A whole-word, case-insensitive regex over the given aliases, longest first. */
export function aliasRegex(aliases: string[], flags = 'iu'): RegExp {
  const alts = [...new Set(aliases.map((a) => a.trim()).filter((a) => a.length > 1))]
    .sort((a, b) => b.length - a.length)
    .map(escapeRe);
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alts.join('|')})(?![\\p{L}\\p{N}])`, flags);
}

/** Caller actors plus question names that no caller alias already covers. */
export function buildActors(
  focusActors: { name: string; aliases: string[] }[],
  questionNames: string[],
): ActorMatcher[] {
  const out: ActorMatcher[] = focusActors
    .filter((a) => a.name.trim() || a.aliases.length)
    .map((a) => ({
      name: a.name,
      aliases: [a.name, ...a.aliases],
      re: aliasRegex([a.name, ...a.aliases]),
      fromQuestion: false,
      tokens: [],
    }));
  for (const name of questionNames) {
    if (out.some((a) => a.re.test(name))) continue;
    const toks = name.split(/\s+/);
    // "Maria Lindqvist" is also "Lindqvist"; longer runs ("European Union") must match whole.
    const aliases = toks.length === 2 && /^\p{Lu}/u.test(toks[1]!) ? [name, toks[1]!] : [name];
    out.push({
      name,
      aliases,
      re: aliasRegex(aliases),
      fromQuestion: true,
      tokens: words(name.replace(/\./g, '')),
    });
  }
  return out;
}

/** True when the actor is mentioned in a passage (fuzzy for names taken from the question). */
export function mentions(actor: ActorMatcher, text: string, passageWords: Set<string>): boolean {
  return actor.fromQuestion ? questionNameAppears(actor, passageWords, text) : actor.re.test(text);
}

/** Lower-case words of a passage with possessives stripped, for {@link mentions}. */
export function passageWords(text: string): Set<string> {
  // "U.S." also counts as "us", so a question's "US" finds it.
  const collapsed = text.replace(/\b(?:\p{L}\.){2,}/gu, (m) => m.replace(/\./g, ''));
  return new Set(words(`${text} ${collapsed}`).map((w) => w.replace(/['’]s$/u, '')));
}

/**
 * True when a question name appears in the passage words, tolerating demonyms and small typos
 * ("Russian" for "Russia", "McConell" for "McConnell"): its last token decides.
 */
export function questionNameAppears(actor: ActorMatcher, passageWords: Set<string>, text: string): boolean {
  if (actor.re.test(text)) return true;
  const last = actor.tokens.at(-1);
  if (!last) return false;
  for (const w of passageWords) {
    if (w === last) return true;
    const [short, long] = w.length < last.length ? [w, last] : [last, w];
    if (short.length >= 4 && long.startsWith(short) && long.length - short.length <= 3) return true;
    if (short.length >= 6 && long.length - short.length <= 1 && editDistanceAtMostOne(short, long))
      return true;
  }
  return false;
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.slice(i) === b.slice(i + 1);
}

/** A title word before a name, with or without its abbreviation dot ("Sen.", "President"). */
const isTitleWord = (tok: string): boolean => TITLE_HEADS.has(tok.replace(/\.$/, ''));

/** The full name around an alias match, plus any capitalised title before it ("Russian President"). */
function nameAt(text: string, index: number, length: number): { name: string; title: string } {
  const before = text.slice(0, index).split(/\s+/).filter(Boolean);
  const nameToks: string[] = [];
  const titleToks: string[] = [];
  let inTitle = false;
  for (let i = before.length - 1; i >= 0; i--) {
    const tok = before[i]!;
    if (!/^\p{Lu}[\p{L}.'’-]*$/u.test(tok)) break;
    if (isTitleWord(tok)) inTitle = true;
    (inTitle ? titleToks : nameToks).unshift(tok);
  }
  const name = [...nameToks, text.slice(index, index + length)].join(' ').replace(/(?:['’]s)$/u, '');
  return { name, title: titleToks.join(' ') };
}

/**
 * A lead sentence from the actor's role apposition in `text`: "Maria Lindqvist is an opposition
 * politician." Built only from the article's own words; null when no apposition follows a mention.
 */
export function appositionLead(text: string, actor: RegExp): string | null {
  // matchAll iterates a copy, so the remembered regex's lastIndex is never left moved.
  const re = derivedRegex(actor.source, `${actor.flags.replace('g', '')}g`);
  for (const m of text.matchAll(re)) {
    const after = text.slice(m.index + m[0].length);
    const { name, title } = nameAt(text, m.index, m[0].length);
    // Only role clauses: "who heads Y" is an identity, "who hosts Y on Monday" is an event.
    const app =
      /^,\s+(who['’]s|who is|who was|an?|the|who(?=\s+(?:heads|headed|leads|led|runs|ran|chairs|directs|founded|represents|serves|served|works|worked|teaches|advises|advised|owns)\b))\s+([^,;]+?)(?:[,;]|[.”"]*$)/u.exec(
        after,
      );
    // "X, director of the Korea program at Y": a role noun with its complement, no article.
    const bare =
      /^,\s+((?:former\s+|senior\s+|deputy\s+)?\p{Ll}[\p{Ll}-]+(?:\s\p{Ll}[\p{Ll}-]+)?\s(?:of|at|for|with)\s[^,;]+?)(?:[,;]|[.”"]*$)/u.exec(
        after,
      );
    if (!app && bare && !/^(?:who|which|said|says|told|added)\b/.test(bare[1]!))
      return `${name} is ${bare[1]!.trim()}.`;
    if (app) {
      const head = app[1]!.toLowerCase();
      const role = app[2]!.trim().replace(/[.”"]+$/u, '');
      if (/^\d/.test(role)) continue;
      if (head === 'who was') return `${name} was ${role}.`;
      if (head.startsWith('who') && head !== 'who') return `${name} is ${role}.`;
      if (head === 'who') return `${name} ${role}.`;
      return `${name} is ${head} ${role}.`;
    }
    if (title && isTitleWord(title.split(' ').at(-1)!)) return `${name} is the ${title}.`;
  }
  return null;
}
