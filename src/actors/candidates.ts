/**
 * Capitalised runs of words: the raw material of names. A run joins capitalised tokens separated
 * by spaces, "St." style abbreviations, name particles ("von der"), and "of"/"for"/"and" only where
 * an organisation or title asks for them, so "International Institute for Strategic Studies" stays
 * whole while "Ukraine and Armenia" splits.
 */
import {
  COMMON_WORDS,
  CREDIT_WORDS,
  DOTTED_ABBREVIATIONS,
  lookupOrg,
  lookupPlace,
  MONTHS,
  NAME_PARTICLES,
  NON_ACTORS,
  ORG_KEYWORDS,
  TITLE_HEADS,
  WEEKDAYS,
} from './gazetteer.ts';

export interface Token {
  /** Surface text without a trailing possessive. */
  text: string;
  start: number;
  /** End of the surface text (before any possessive). */
  end: number;
  /** End including the possessive suffix. */
  fullEnd: number;
  cap: boolean;
  possessive: boolean;
}

export interface Run {
  tokens: Token[];
  start: number;
  end: number;
  /** True when the first token opens the sentence (or a quotation), where capitals say nothing. */
  initial: boolean;
  possessive: boolean;
}

const TOKEN_RE = /(?:\p{Lu}\.){2,}|[\p{L}\p{N}]+(?:[-'’&][\p{L}\p{N}]+)*['’]?/gu;

/** Word tokens with offsets, possessives split off ("Smith’s" → "Smith", possessive). */
export function tokenise(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    let surface = m[0];
    const start = m.index;
    const fullEnd = start + surface.length;
    let possessive = false;
    if (/['’]s$/.test(surface) && surface.length > 2) {
      surface = surface.slice(0, -2);
      possessive = true;
    } else if (/['’]$/.test(surface)) {
      surface = surface.slice(0, -1);
      possessive = /s$/.test(surface);
    }
    if (!surface) continue;
    out.push({
      text: surface,
      start,
      end: start + surface.length,
      fullEnd,
      // "Moscow-based", "State-owned": a lower-case tail makes a capitalised compound an adjective.
      cap: /^\p{Lu}/u.test(surface) && !/-\p{Ll}+$/u.test(surface),
      possessive,
    });
  }
  return out;
}

/** True when nothing but spacing, an opening quote or a colon precedes the offset in its clause. */
export function isInitialPosition(text: string, offset: number): boolean {
  // A short window: checking the whole prefix for every token would be quadratic in sentence length.
  const from = Math.max(0, offset - 8);
  const before = text.slice(from, offset);
  if (from === 0 && /^\s*$/.test(before)) return true;
  return /(?:[:;]\s|[“"‘«]|\s[-–—]\s)\s*$/.test(before) && !/\w["”’]\s*$/.test(before);
}

const isSpace = (gap: string) => /^\s+$/.test(gap);

/** Joiner decision: may the run that ends at token j continue through `joiners` to the run at k? */
function mayJoin(text: string, tokens: Token[], i: number, j: number, joiners: string[], k: number): boolean {
  const left = tokens[j]!.text;
  const first = joiners[0]!;
  if (joiners.every((w) => NAME_PARTICLES.has(w))) return true;
  if ((first === 'of' || first === 'for') && (joiners.length === 1 || joiners[1] === 'the')) {
    return (
      ORG_KEYWORDS.has(left) ||
      TITLE_HEADS.has(left) ||
      /^(Secretary|Minister|House|Chamber|Church)$/.test(left)
    );
  }
  if (first === 'and' && joiners.length === 1) {
    let r = k;
    while (
      r + 1 < tokens.length &&
      tokens[r + 1]!.cap &&
      isSpace(text.slice(tokens[r]!.end, tokens[r + 1]!.start))
    ) {
      if (tokens[r]!.possessive) break;
      r++;
    }
    const leftText = text.slice(tokens[i]!.start, tokens[j]!.end);
    const whole = text.slice(tokens[i]!.start, tokens[r]!.end);
    if (lookupPlace(whole) || lookupOrg(whole)) return true;
    if (lookupPlace(leftText) || lookupOrg(leftText)) return false;
    return ORG_KEYWORDS.has(tokens[r]!.text) && r - k <= 3;
  }
  return false;
}

/** Maximal runs of capitalised tokens in one sentence. */
export function capitalisedRuns(text: string, tokens: Token[]): Run[] {
  const runs: Run[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (!tokens[i]!.cap) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < tokens.length && !tokens[j]!.possessive) {
      const cur = tokens[j]!;
      const next = tokens[j + 1]!;
      const gap = text.slice(cur.fullEnd, next.start);
      // "St. Petersburg", "John F. Kennedy": a dotted abbreviation or initial does not end the run.
      const dotted =
        /^\.\s+$/.test(gap) && (DOTTED_ABBREVIATIONS.has(cur.text) || /^\p{Lu}$/u.test(cur.text));
      if (next.cap && (isSpace(gap) || dotted)) {
        j++;
        continue;
      }
      if (!next.cap && isSpace(gap)) {
        const joiners: string[] = [];
        let k = j + 1;
        while (k < tokens.length && !tokens[k]!.cap && joiners.length < 3) {
          const g = text.slice(tokens[k - 1]!.fullEnd, tokens[k]!.start);
          if (!isSpace(g)) break;
          joiners.push(tokens[k]!.text);
          k++;
        }
        const okGap = k < tokens.length && isSpace(text.slice(tokens[k - 1]!.fullEnd, tokens[k]!.start));
        if (okGap && tokens[k]!.cap && joiners.length > 0 && mayJoin(text, tokens, i, j, joiners, k)) {
          j = k;
          continue;
        }
      }
      break;
    }
    runs.push({
      tokens: tokens.slice(i, j + 1),
      start: tokens[i]!.start,
      end: tokens[j]!.end,
      initial: isInitialPosition(text, tokens[i]!.start),
      possessive: tokens[j]!.possessive,
    });
    i = j + 1;
  }
  return runs;
}

/** True for a token that can never be (part of) an actor's name on its own. */
export function isStopToken(t: string): boolean {
  return isWeekday(t) || MONTHS.has(t) || CREDIT_WORDS.has(t) || NON_ACTORS.has(t);
}

/**
 * A weekday in prose: the full name, or an abbreviation that is no word of its own ("Tues", not
 * "Sun" or "Wed", which open names such as "Sun Microsystems").
 */
export function isWeekday(t: string): boolean {
  return WEEKDAYS.has(t) && (t.length > 3 || !WEEKDAY_WORDS.has(t));
}

const WEEKDAY_WORDS = new Set(['Sun', 'Sat', 'Wed']);

/** True for a common word that only looks like a name because it starts a sentence ("US" is a name, "Us" is not). */
export function isCommonWord(t: string): boolean {
  if (t.length >= 2 && /^\p{Lu}+$/u.test(t)) return false;
  return COMMON_WORDS.has(t.toLowerCase().replace(/’/g, "'"));
}
