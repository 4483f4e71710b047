/**
 * Surface cues in a candidate sentence: does it hold the kind of answer the question expects
 * (a date, a place, an amount, an age, a role apposition…) or the intent it asks about
 * (goals, quotes, support/opposition)? Regexes tuned on news prose.
 */

import { lookupDemonym, lookupPlace } from '../../actors/gazetteer.ts';
import {
  MONTHS as LEXICON_MONTHS,
  MONTH_NAMES,
  SPEECH_VERB_PATTERN,
  WEEKDAY_NAMES,
} from '../../text/lexicon.ts';
import { termOf } from './answer-terms.ts';
import type { AnswerType } from './question.ts';

// Full month names, or an abbreviation with its dot ("Feb. 8"): "Mar" alone is too ambiguous.
const MONTHS = [
  ...MONTH_NAMES,
  ...[...LEXICON_MONTHS].filter((m) => m.length <= 4).map((m) => `${m}\\.`),
].join('|');
const WEEKDAYS = WEEKDAY_NAMES.join('|');
// A date proper: a month, a weekday or a year.
const DATE_RE = new RegExp(
  `\\b(?:${MONTHS})(?!\\p{L})|\\b(?:${WEEKDAYS})\\b|\\b(?:1[89]\\d\\d|20\\d\\d)s?\\b`,
  'u',
);
const TIME_RE = new RegExp(
  `\\b(?:${MONTHS})(?!\\p{L})|\\b(?:${WEEKDAYS})\\b|\\b(?:1[89]\\d\\d|20\\d\\d)s?\\b|\\b(?:last|next|this|earlier this|later this)\\s+(?:week|month|year|spring|summer|autumn|fall|winter|decade|weekend)\\b|\\b(?:yesterday|today|tomorrow|tonight|ago|since|until|weeks? after|days? after|months? after)\\b`,
  'u',
);
const NUMBER_WORDS =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|trillion|dozen|dozens|half|several';
const NUMBER_WORD_SET = new Set(NUMBER_WORDS.split('|'));
const QUANTITY_RE = new RegExp(`\\d|\\b(?:${NUMBER_WORDS}|twice|thrice)\\b`, 'iu');
const MONEY_RE =
  /[$€£¥₽]\s?\d|\b\d[\d,.]*\s?(?:dollars|euros|rubles|roubles|pounds|yuan|francs)\b|\b(?:million|billion|trillion)\b/iu;
// A sum of money written as one: a currency sign or word with its number.
const CURRENCY_RE =
  /[$€£¥₽]\s?\d|\b\d[\d,.]*\s?(?:m|bn|k)?\s?(?:dollars|euros|rubles|roubles|pounds|pence|yuan|yen|francs|cents)\b|\b\d[\d,.]*p\b|\ba buck\b/iu;
const AGE_RE =
  /\p{Lu}[\p{L}'’-]+,\s?\d{1,3},|\b\d{1,3}[-\s]years?-old\b|\b\d{1,3}\s+years?\s+old\b|\baged\s\d{1,3}\b|\bage of\s\d{1,3}\b/u;
const DURATION_RE = new RegExp(
  `\\b(?:\\d+|a|an|${NUMBER_WORDS}|few|many)[\\s-]+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|games?|matches)\\b|\\b(?:monthlong|yearlong|weeklong|daylong)\\b|\\bfor\\s+(?:weeks|months|years|decades)\\b`,
  'iu',
);
const FREQUENCY_RE =
  /\b(?:every|each|daily|weekly|monthly|yearly|annually|hourly|once|twice|times a|times per|a (?:day|week|month|year))\b/iu;
// "360-59", "7-2", "won 2 - 0", "by 230 votes to 197".
const TALLY_RE = /(?<![\d.,/-])\d{1,3}\s?[-–]\s?\d{1,3}(?![\d.,/-]*\d)|\b\d{1,3} votes? to \d{1,3}\b/u;
const DISTANCE_RE =
  /\d(?:[\d,.]*\d)?\s?(?:m|km|cm|mm|metres?|meters?|miles?|kilometres?|kilometers?|feet|ft|yards?)\b/iu;
const REASON_RE =
  /\b(?:because|due to|as a result|so that|in order to|amid|in response to|after|since|to avoid|for fear|over|blamed|caused|led to)\b/i;
const MANNER_RE = /\b(?:by|via|through|using|with)\b/i;
const PLACE_RE = new RegExp(
  `\\b(?:in|at|from|near|to|into|inside|outside|across|toward|towards)\\s+(?:the\\s+)?(?!(?:${[...MONTH_NAMES, ...WEEKDAY_NAMES].join('|')})\\b)\\p{Lu}`,
  'u',
);
const CAPITALISED_RE = /\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*)*/gu;
// A role apposition after a name: ", who heads", ", a former …", ", an opposition politician".
const APPOSITION_RE = /\p{Lu}[\p{L}'’-]+,\s+(?:who(?:['’]s)?\s|a\s|an\s|the\s|[a-z]+\sof\s)/u;
const SINGLE_NAME_RE = /(?<![\p{L}.])\p{Lu}[\p{L}'’-]+/u;
const NAME_RUN_RE = /\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)+/gu;

export const GOAL_CUE =
  /\b(?:wants?|wanted|doesn['’]t want|seeks?|seeking|sought|demand(?:s|ed|ing)?|aims?|aimed|determined|refus(?:e|es|ed|ing)|can['’]t accept|won['’]t (?:allow|accept|let)|asked .{1,40}? to|ask(?:s|ed)? for|push(?:es|ed|ing)? for|hopes?|hoping|intends?|insists?|wishes|goal|calls? for|called for)\b/i;
export const SUPPORT_CUE =
  /\b(?:support(?:s|ed|ing)?|back(?:s|ed|ing)?|embrace|ally|allies|side with|sided with|endorse[sd]?|help(?:s|ed)?|stand by|defend(?:s|ed)?)\b/i;
export const OPPOSE_CUE =
  /\b(?:oppos(?:e|es|ed|ition to)|against|condemn(?:s|ed)?|reject(?:s|ed)?|resist(?:s|ed)?|critici[sz](?:e|es|ed)|attack(?:s|ed|ing)?|sanction(?:s|ed)?|crackdown|topple)\b/i;
/** A name given to something: "was called Bankash-A", "dubbed Skype Out", "known as the Dome". */
export const NAMING_CUE =
  /\b(?:called|named|dubbed|nicknamed|code-named|codenamed|known as|titled|entitled)\s+(?:the\s+)?["“‘]?\p{Lu}/u;
export const SPEECH_CUE = new RegExp(`\\b(?:${SPEECH_VERB_PATTERN}|called|calls|according to)\\b`, 'i');
const QUOTE_MARK = /["“”«»]/;

/** True when the sentence contains quotation marks. */
export function hasQuote(text: string): boolean {
  return QUOTE_MARK.test(text);
}

/** True when the whole sentence is inside quotation marks with no attribution outside them. */
export function isBareQuote(text: string): boolean {
  const t = text.trim();
  if (!/^["“«]/.test(t)) return false;
  const outside = t.replace(/["“«][^"”»]*["”»]/g, ' ');
  return !SPEECH_CUE.test(outside);
}

/**
 * Strength (0–1) of the expected answer type in a sentence. `exclude` removes the question's own
 * names first, so "Who heads X?" is not answered by X itself.
 */
export function answerTypeStrength(text: string, type: AnswerType, exclude: RegExp | null): number {
  switch (type) {
    case 'time':
      // "after the vote" answers "when" too, but less surely than a date.
      // A date says "when" more surely than "earlier this year", which says it more than "after".
      if (DATE_RE.test(text)) return 1;
      return TIME_RE.test(text) ? 0.8 : /\b(?:after|before|during|while|when)\b/i.test(text) ? 0.5 : 0;
    case 'place': {
      if (PLACE_RE.test(text)) return 1;
      // "Poland, one of the largest EU states, rejected…": a known place named without a preposition.
      const rest = exclude ? text.replace(exclude, ' ') : text;
      const caps = rest.match(CAPITALISED_RE) ?? [];
      if (caps.some((w) => lookupPlace(w) !== undefined)) return 1;
      return caps.some((w) => lookupDemonym(w) !== undefined) ? 0.5 : 0;
    }
    case 'quantity':
      return QUANTITY_RE.test(text) ? 1 : 0;
    case 'price':
      return CURRENCY_RE.test(text) ? 1 : 0;
    case 'money':
      return MONEY_RE.test(text) ? 1 : QUANTITY_RE.test(text) ? 0.5 : 0;
    case 'age':
      return AGE_RE.test(text) ? 1 : 0;
    case 'duration':
      return DURATION_RE.test(text) ? 1 : TIME_RE.test(text) ? 0.3 : 0;
    case 'frequency':
      return FREQUENCY_RE.test(text) ? 1 : 0;
    case 'tally':
      return TALLY_RE.test(text) ? 1 : 0;
    case 'distance':
      return DISTANCE_RE.test(text) ? 1 : 0;
    case 'reason':
      return REASON_RE.test(text) ? 1 : 0;
    case 'manner':
      return MANNER_RE.test(text) ? 0.5 : 0;
    case 'person': {
      const rest = exclude ? text.replace(exclude, ' ') : text;
      if (APPOSITION_RE.test(rest)) return 1;
      const runs = rest.match(NAME_RUN_RE) ?? [];
      if (runs.length > 0) return 0.7;
      // One capitalised word past the first ("…a rival in IBM"): an organisation or a surname.
      return SINGLE_NAME_RE.test(rest.replace(/^\P{L}*\p{L}+/u, '')) ? 0.4 : 0;
    }
    default:
      return 0;
  }
}

/**
 * "How many senators…": true when a number stands within four words before the counted word
 * ("39 senators", "six million people", "eight “critical” security holes").
 */
export function countsWord(text: string, countedStem: string): boolean {
  // "How many times…" is answered by "twice" as well as by "three times".
  if (countedStem === termOf('time') && /\b(?:once|twice|thrice)\b/iu.test(text)) return true;
  // "35 percent of asylum claims" is a share of them, not how many there were.
  const counts = text.replace(/\d[\d.,]*\s*(?:%|per\s?cent\b|percentage points?\b)/giu, ' ');
  const toks = counts.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N},.'’-]*/gu) ?? [];
  return toks.some((tok, i) => {
    if (!tok.split('-').some((part) => termOf(part.replace(/[.,'’]+$/u, '')) === countedStem)) return false;
    const window = toks.slice(Math.max(0, i - 4), i + 1);
    return window.some((w) => /^\d/.test(w) || NUMBER_WORD_SET.has(w.replace(/[.,]+$/u, '')));
  });
}

/** The age given for a name in an apposition ("Okafor, 66,"), if the name pattern matches. */
export function ageFor(text: string, alias: RegExp): string | null {
  const m = new RegExp(`(${alias.source}),\\s(\\d{1,3}),`, alias.flags).exec(text);
  return m ? (m[m.length - 1] ?? null) : null;
}

/** Tokens either side of a kind noun where the name of the one meant is written ("judge Amy Berman", "Fox, the network"). */
const NAME_REACH = 3;

/**
 * Whether the sentence writes the asked kind noun ("which judge…" → "judge") only without a name
 * beside it: "asked the federal judge presiding over the case" says there is a judge, not who. A
 * sentence without the noun says nothing either way (false). `exclude` drops the question's names.
 */
export function kindWithoutName(text: string, kindStem: string, exclude: RegExp | null): boolean {
  const rest = exclude ? text.replace(exclude, ' _ ') : text;
  const toks = rest.match(/[\p{L}\p{N}][\p{L}\p{N}.'’-]*/gu) ?? [];
  let seen = false;
  for (const [i, tok] of toks.entries()) {
    if (termOf(tok.toLowerCase().replace(/['’]s$/u, '')) !== kindStem) continue;
    seen = true;
    const near = [...toks.slice(Math.max(1, i - NAME_REACH), i), ...toks.slice(i + 1, i + 1 + NAME_REACH)];
    if (near.some((w) => /^\p{Lu}/u.test(w))) return false;
  }
  return seen;
}
