/**
 * Question analysis for the extractive answerer: what kind of answer is expected (a person, a
 * place, a date, a number…), which content terms carry the ask, which names it mentions, and the
 * actor-centric intents ("Who is X?", "What did X say?", "What does X want?", "Whom does X back?").
 */

import {
  ABOUT_THE_TEXT_WORDS,
  HONORIFICS,
  isCalendarWord,
  LOCATION_VERBS,
  NAMED_KINDS,
  TITLE_HEADS,
} from '../../text/lexicon.ts';
import { STOPWORDS, stem, words } from '../../text/tokens.ts';
import type { QuestionKind } from '../engine.ts';
import { answerTerms, termOf } from './answer-terms.ts';

/** QuestionKind plus 'how-old', which the engine port does not list (yet). */
export type QuestionClass = QuestionKind | 'how-old';

/** The kind of span that would answer the question, looked for in candidate sentences. */
export type AnswerType =
  | 'person'
  | 'place'
  | 'time'
  | 'quantity'
  | 'money'
  /** An amount of money and nothing else: "what did it cost?", "how much money…". */
  | 'price'
  | 'age'
  | 'duration'
  | 'frequency'
  | 'distance'
  /** A vote or a score, two numbers: "by what vote…" → "360-59", "what was the score?" → "2-0". */
  | 'tally'
  | 'reason'
  | 'manner'
  | 'any';

export interface QuestionAnalysis {
  kind: QuestionClass;
  answerType: AnswerType;
  /** Stemmed content terms of the ask, without wh-words, answer-type words and intent verbs. */
  focus: string[];
  /** Capitalised name runs in the question ("Maria Lindqvist", "European Union"), possessives stripped. */
  names: string[];
  /** "What did X say?": prefer sentences quoting the actor. */
  wantsQuote: boolean;
  /** "What does X want?": prefer sentences with want/seek/demand/determined/refuse… */
  wantsGoal: boolean;
  /** The goal verb the question uses ("want", "seek"), matched literally as a bonus. */
  goalVerb?: string | undefined;
  /** "How many senators…": the stemmed word counted, which the answer must put next to a number. */
  counted?: string | undefined;
  /**
   * "Which airline…", "what school does…": the stemmed noun naming the kind of thing asked for.
   * The answer names one ("Air China") and need not repeat the noun, so it weighs little in overlap.
   */
  typeNoun?: string | undefined;
  /**
   * The kind noun whose instance's name answers ("which club…", "who is the federal judge…"), when
   * such things have names (lexicon NAMED_KINDS): the answer must name one beside the noun.
   */
  namedKind?: string | undefined;
  /** "What is the program called?", "what's the name of…": prefer a sentence that gives a name. */
  wantsName: boolean;
  /** "Who is X?": prefer a role apposition of the actor. */
  wantsIdentity: boolean;
  /** "Whom does X support/oppose?" */
  wantsRelation?: 'supports' | 'opposes' | undefined;
}

const AUX = new Set([
  'is',
  'are',
  'was',
  'were',
  'do',
  'does',
  'did',
  'has',
  'have',
  'had',
  'can',
  'could',
  'will',
  'would',
  'should',
  'may',
  'might',
]);
const WH = new Set(['who', 'whom', 'whose', 'what', 'which', 'when', 'where', 'why', 'how']);

// Words that only say what kind of answer is wanted; matching them in a sentence proves nothing.
const ANSWER_TYPE_WORDS = new Set(
  [
    'old',
    'age',
    'much',
    'many',
    'long',
    'often',
    'far',
    'money',
    'position',
    'role',
    'title',
    'job',
    'reason',
    'happen',
    'thing',
    'anything',
    'something',
    'article',
    'articles',
    'story',
    'news',
    'report',
    'tell',
    'know',
  ].flatMap((w) => [termOf(w), termOf(`${w}s`)]),
);

/**
 * Nouns that name the asked kind ("what year", "which country", "in what city") but are the topic
 * elsewhere ("what do foreign countries want"): dropped only in the question word's phrase.
 */
const ANSWER_KIND_NOUNS = new Set(
  `year|date|day|month|time|number|amount|sum|place|city|country|town|state|province`
    .split('|')
    .flatMap((w) => [termOf(w), termOf(`${w}s`)]),
);
/** Words either side of the question word that make up its phrase ("in which year", "how many times"). */
const WH_PHRASE_BEFORE = 1;
const WH_PHRASE_AFTER = 2;

// Words that ask for a sum of money.
const MONEY_ASK = new Set(
  'cost costs costing price prices priced pay pays paid paying charge charges charged spend spends spent spending money worth fee fees salary invest invested investing'.split(
    ' ',
  ),
);

// The same asked by "what…" without "how much": only words that cannot be a modifier ("spending bill").
const PRICE_ASK = new Set('cost costs price pay paid charge charged worth fee'.split(' '));

const GOAL_VERBS = ['want', 'wants', 'seek', 'seeks', 'demand', 'demands', 'aim', 'aims', 'hope', 'hopes'];
const GOAL_RE =
  /\b(?:want|wants|wanted|seek|seeks|seeking|demand|demands|aim|aims|hope|hopes|intend|intends|goal|goals|push(?:ing)? for)\b/i;
// Question verbs (base forms) asking what someone said; article tenses are in the lexicon.
const QUOTE_RE = /\b(?:say|said|says|tell|told|claim|claimed|argue|argued|warn|warned|comment|remark)\w*\b/i;
// Asking for the name something goes by; the words themselves are not what the answer must repeat.
const NAME_ASK_RE = /\b(?:name of|names of|named|called|known as)\b/;
const NAME_ASK_WORDS = ['name', 'names', 'named', 'called', 'call', 'known'];
const SUPPORT_RE = /\b(?:support|supports|back|backs|favou?r|endorse|ally with|side with|help)\b/i;
const OPPOSE_RE = /\b(?:oppose|opposes|against|critici[sz]e|condemn|fight|resist|attack)\b/i;

// "By what vote…", "what was the house vote on…", "what was the final score…".
const TALLY_ASK_RE =
  /^(?:by what (?:vote|margin|score)\b|what(?:'s|’s| was| is| were) the (?:[\p{L}'’-]+ ){0,3}?(?:vote|score|scoreline|tally)(?: count)?\b)/u;

/** Classifies a question: kind, expected answer type, focus terms, names and actor intents. */
export function classifyQuestion(question: string): QuestionAnalysis {
  const q = question.trim().replace(/\s+/g, ' ');
  // "when's", "where's": the question word with its "is" ("what's" and "who's" are read as written).
  const toks = words(q).flatMap((t) => {
    const wh = /^(when|where|why|how)['’]s$/.exec(t)?.[1];
    return wh ? [wh, 'is'] : [t];
  });
  const whIndex = toks.findIndex((t, i) => i < 4 && WH.has(t));
  const wh = whIndex >= 0 ? toks[whIndex]! : '';
  const next = whIndex >= 0 ? (toks[whIndex + 1] ?? '') : '';
  const shape = kindOf(wh, next, toks[0] ?? '');
  const { kind } = shape;
  // "How much money…", "what did it cost?": only a sum of money answers, not any number.
  const lower = q.toLowerCase();
  const answerType =
    (shape.answerType === 'money' && toks.some((t) => MONEY_ASK.has(t))) ||
    // ("what were they charged with?" asks for a crime, not a price)
    (shape.answerType === 'any' && toks.some((t, i) => PRICE_ASK.has(t) && toks[i + 1] !== 'with'))
      ? 'price'
      : shape.answerType === 'any' && TALLY_ASK_RE.test(lower)
        ? 'tally'
        : shape.answerType;
  const names = questionNames(q);

  const afterWh = whIndex >= 0 ? toks.slice(whIndex + 1).join(' ') : lower;
  const wantsGoal = /^(?:what|which)\b/.test(lower) && GOAL_RE.test(afterWh);
  const wantsQuote =
    (/^(?:what|how)\b/.test(lower) && QUOTE_RE.test(afterWh)) ||
    /\b(?:react|respond|reaction|response)\b/.test(lower);
  const wantsIdentity =
    /^what (?:position|role|title|job|post)s? (?:does|did|do|is|was)\b/i.test(q) ||
    (/^(?:who|what)(?:'s|’s| is| was| are| were)\s+\S/i.test(q) &&
      (/^(?:who|what)(?:'s|’s| is| was| are| were)\s+(?:he|she|they|it)\W*$/i.test(q) ||
        (names.length === 1 && isOnlyName(q, names[0]!))));
  const wantsName = /^(?:what|which)\b/.test(lower) && NAME_ASK_RE.test(lower);
  let wantsRelation: 'supports' | 'opposes' | undefined;
  if (kind === 'who') {
    if (SUPPORT_RE.test(afterWh)) wantsRelation = 'supports';
    else if (OPPOSE_RE.test(afterWh)) wantsRelation = 'opposes';
  }

  const drop = new Set(ANSWER_TYPE_WORDS);
  const whPhrase =
    whIndex >= 0 ? toks.slice(Math.max(0, whIndex - WH_PHRASE_BEFORE), whIndex + 1 + WH_PHRASE_AFTER) : toks;
  for (const t of whPhrase) if (ANSWER_KIND_NOUNS.has(termOf(t))) drop.add(termOf(t));
  // "When did it take place?" asks what "happen" asks: a frame, like "happen" itself.
  if (/\b(?:take|takes|took|taken|taking) place\b/.test(lower))
    for (const w of ['take', 'taking', 'place']) drop.add(termOf(w));
  if (wantsGoal) for (const v of GOAL_VERBS) drop.add(stem(v));
  for (const w of ABOUT_THE_TEXT_WORDS) drop.add(termOf(w));
  // "Sir Alex Ferguson": an honorific marks the name; the answer need not repeat it.
  for (const w of HONORIFICS) drop.add(termOf(w.toLowerCase()));
  // So does a title written before one ("Senator Elizabeth Warren", "Representative Tom Cole").
  for (const name of names) {
    const parts = name.split(/\s+/);
    const first = parts.findIndex((t) => !TITLE_HEADS.has(t));
    if (first > 0 && /^\p{Lu}/u.test(parts[first]!))
      for (const t of parts.slice(0, first)) drop.add(termOf(t.toLowerCase()));
  }
  // "Where is X living?" asks for a place; "where will X stay in New York?" for a finer one than
  // it names, which the place cues cannot tell from the named one, so the verb must be met there.
  if (answerType === 'place' && !/\b(?:in|at|near)\s+\p{Lu}/u.test(q))
    for (const w of LOCATION_VERBS) drop.add(termOf(w));
  // "What kind of accident…": the frame, not something the answer says.
  for (const m of lower.matchAll(/\b(kinds?|types?|sorts?) of\b/g)) drop.add(termOf(m[1]!));
  if (wantsName) for (const w of NAME_ASK_WORDS) drop.add(termOf(w));
  const focus = answerTerms(q).filter((t) => !drop.has(t));
  const typeNoun =
    answerType === 'any' && !wantsIdentity ? typeNounOf(wh, toks.slice(whIndex + 1)) : undefined;
  const kindNoun = typeNoun && focus.includes(typeNoun) ? typeNoun : undefined;
  return {
    kind: wantsIdentity ? 'who' : kind,
    answerType: wantsIdentity ? 'person' : answerType,
    focus: [...new Set(focus)],
    names,
    wantsQuote: wantsQuote && !wantsIdentity,
    wantsGoal,
    goalVerb: wantsGoal ? GOAL_VERBS.find((v) => toks.includes(v))?.replace(/s$/, '') : undefined,
    typeNoun: kindNoun,
    namedKind: wantsIdentity ? undefined : namedKindOf(kind === 'who' ? roleNounOf(toks, whIndex) : kindNoun),
    wantsName,
    wantsIdentity,
    wantsRelation,
    counted: kind === 'how-many' && next === 'many' ? countedWord(toks.slice(whIndex + 2)) : undefined,
  };
}

/**
 * The noun "how many" counts, stemmed: the last content word before the auxiliary when one follows
 * within four words ("critical security holes did" → "hole"), else the first word ("senators backed" → "senat").
 */
function countedWord(after: string[]): string | undefined {
  const first = after[0];
  if (!first || AUX.has(first)) return undefined;
  const aux = after.slice(0, 5).findIndex((w) => AUX.has(w));
  const phrase = aux > 0 ? after.slice(0, aux) : [first];
  // The phrase's last content word is its head ("injury or damage reports" → "report").
  const head = phrase.filter((w) => !STOPWORDS.has(w)).at(-1);
  return head ? answerTerms(head)[0] : undefined;
}

/**
 * The noun after "which" ("which committee ordered…", "which OS does…"), or after "what" when an
 * auxiliary follows it or the word after it ("what school does", "what antivirus company is"):
 * without the auxiliary, "what" is often followed by a verb ("what happened", "what caused").
 */
function typeNounOf(wh: string, after: string[]): string | undefined {
  if (wh !== 'which' && wh !== 'what') return undefined;
  const isNoun = (w: string | undefined) => w !== undefined && !STOPWORDS.has(w) && !AUX.has(w);
  // "what anti-virus company is": the noun phrase ends at an auxiliary within four words.
  const aux = after.slice(0, 5).findIndex((w) => AUX.has(w));
  if (aux > 0 && after.slice(0, aux).every(isNoun)) return answerTerms(after[aux - 1]!)[0];
  return wh === 'which' && isNoun(after[0]) ? answerTerms(after[0]!)[0] : undefined;
}

const NAMED_KIND_TERMS = new Set(NAMED_KINDS.flatMap((w) => answerTerms(w)));

function namedKindOf(noun: string | undefined): string | undefined {
  return noun !== undefined && NAMED_KIND_TERMS.has(noun) ? noun : undefined;
}

/** "Who is the federal judge presiding…": the role noun within four words after "is the". */
function roleNounOf(toks: string[], whIndex: number): string | undefined {
  if (
    !/^(?:is|was|are|were)$/.test(toks[whIndex + 1] ?? '') ||
    !/^(?:the|a|an)$/.test(toks[whIndex + 2] ?? '')
  )
    return undefined;
  return toks
    .slice(whIndex + 3, whIndex + 7)
    .map((t) => answerTerms(t)[0])
    .find((t) => t !== undefined && NAMED_KIND_TERMS.has(t));
}

function kindOf(wh: string, next: string, first: string): { kind: QuestionClass; answerType: AnswerType } {
  switch (wh) {
    case 'who':
    case 'whom':
    case 'whose':
      return { kind: 'who', answerType: 'person' };
    case 'when':
      return { kind: 'when', answerType: 'time' };
    case 'where':
      return { kind: 'where', answerType: 'place' };
    case 'why':
      return { kind: 'why', answerType: 'reason' };
    case 'how':
      if (next === 'many') return { kind: 'how-many', answerType: 'quantity' };
      if (next === 'much') return { kind: 'how-many', answerType: 'money' };
      if (next === 'old') return { kind: 'how-old', answerType: 'age' };
      if (next === 'long') return { kind: 'how', answerType: 'duration' };
      if (next === 'often') return { kind: 'how-many', answerType: 'frequency' };
      if (next === 'far') return { kind: 'how', answerType: 'distance' };
      return { kind: 'how', answerType: 'manner' };
    case 'what':
    case 'which':
      if (/^(?:year|date|day|month|time)s?$/.test(next)) return { kind: 'when', answerType: 'time' };
      if (/^(?:city|country|place|town|region|countries|cities|state|province|county)$/.test(next))
        return { kind: 'where', answerType: 'place' };
      if (next === 'age' || next === 'ages') return { kind: 'how-old', answerType: 'age' };
      if (/^(?:number|amount|percentage|share|sum)$/.test(next))
        return { kind: 'how-many', answerType: 'quantity' };
      return { kind: 'what', answerType: 'any' };
    default:
      if (AUX.has(first)) return { kind: 'yes-no', answerType: 'any' };
      return { kind: 'other', answerType: 'any' };
  }
}

// A name token: capitalised word, dotted abbreviation ("St.", "U.S.") or hyphenated name.
const NAME_TOKEN = /^(?:\p{Lu}[\p{L}\p{M}'’.-]*|(?:\p{Lu}\.)+)$/u;
const CONNECTORS = new Set(['of', 'for', 'de', 'von', 'van', 'al', 'bin', 'the']);

/** Capitalised runs of the question (not its first word unless it starts a run). */
export function questionNames(question: string): string[] {
  const toks = question
    .replace(/[?!,;:"“”()]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const runs: string[] = [];
  let run: string[] = [];
  const flush = () => {
    while (run.length && CONNECTORS.has(run[run.length - 1]!.toLowerCase())) run.pop();
    if (run.length) runs.push(run.join(' ').replace(/(?:'s|’s|'|’)$/u, ''));
    run = [];
  };
  toks.forEach((tok, i) => {
    const bare = tok.replace(/\.$/, tok.length <= 3 || /\..*\.$/.test(tok) ? '.' : '');
    const isName = NAME_TOKEN.test(bare) && bare !== 'I';
    if (isName && i === 0) {
      // The first word is capitalised anyway; keep it only when a name run clearly continues.
      const lowerFirst = bare.toLowerCase();
      if (WH.has(lowerFirst) || AUX.has(lowerFirst) || !NAME_TOKEN.test(toks[1] ?? '')) return;
    }
    if (isName) run.push(bare.replace(/\.$/, bare.length <= 4 ? '.' : ''));
    else if (run.length && CONNECTORS.has(tok.toLowerCase()) && NAME_TOKEN.test(toks[i + 1] ?? ''))
      run.push(tok);
    else flush();
  });
  flush();
  // Days and months constrain time; they are not actors the articles must name.
  return runs.filter((r) => r.replace(/\./g, '').length > 1 && !isCalendarWord(r));
}

function isOnlyName(question: string, name: string): boolean {
  const rest = question
    .replace(/^(?:who|what)(?:'s|’s| is| was| are| were)\s+/i, '')
    .replace(/[?.!\s]+$/, '')
    .replace(/^the\s+/i, '');
  return rest.replace(/(?:'s|’s)$/, '') === name;
}
