/**
 * How the offline answerer scores each retrieved sentence for a question: overlap with the
 * question's words (its own, the sentence before's when it continues it, the headline's for a
 * lead), the asked actors, the expected kind of span and the question's intent, and whether the
 * sentence may answer at all.
 */

import { ROLE_NOUNS, SPEECH_VERB_PATTERN } from '../../text/lexicon.ts';
import { isNotNews } from '../../text/not-news.ts';
import { STOPWORDS } from '../../text/tokens.ts';
import type { AnswerInput, AnswerPassage } from '../engine.ts';
import {
  type ActorMatcher,
  aliasRegex,
  appositionLead,
  derivedRegex,
  mentions,
  passageWords,
} from './answer-actors.ts';
import {
  answerTypeStrength,
  countsWord,
  GOAL_CUE,
  isBareQuote,
  kindWithoutName,
  NAMING_CUE,
  OPPOSE_CUE,
  SUPPORT_CUE,
} from './answer-cues.ts';
import { namesAgentOf, type PersonEvidence, personEvidence } from './answer-people.ts';
import { answerTerms, termOf } from './answer-terms.ts';
import type { QuestionAnalysis } from './question.ts';

export interface Candidate {
  passage: AnswerPassage;
  rank: number;
  terms: Set<string>;
  /** Share of the question's non-actor focus weight this sentence covers (1 when there is none). */
  coverage: number;
  /** Indexes of the actors it mentions. */
  actors: number[];
  eligible: boolean;
  /** Type or intent evidence beyond word overlap. */
  evidence: number;
  /** Strength of the expected answer type's span in the sentence (0–1). */
  typed: number;
  /** The sentence quotes a focus actor, by the analysis's attribution. */
  quoted: boolean;
  /** The first focus actor is the one acting in the sentence. */
  subject: boolean;
  score: number;
}

// Weights: overlap with the ask dominates; actor, answer type and intent decide among overlapping
// sentences; retrieval rank only breaks near-ties.
const W_COVERAGE = 2.5;
const W_ACTOR = 1.5;
const W_TYPE = 1.0;
const W_INTENT = 1.2;
const W_RANK = 0.4;
// Chosen on the dev split (eval/): 0.3 answered 25% of unanswerable questions more, for 1–3 points of accuracy.
const MIN_COVERAGE = 0.5;
/** The overlap enough for a sentence holding the asked kind of span (a sum, a date, a number). */
const MIN_TYPED_COVERAGE = 0.4;
const NEIGHBOUR_COVERAGE = 0.6;
/** How far from the best sentence the place a "where" question asks for may be given. */
const NEIGHBOUR_REACH = 3;

/** Whether two sentences are of one article and within NEIGHBOUR_REACH of each other. */
export function withinReach(a: AnswerPassage, b: AnswerPassage): boolean {
  return a.articleId === b.articleId && Math.abs(a.ordinal - b.ordinal) <= NEIGHBOUR_REACH;
}
/** The share of its weight the noun of "which airline…" keeps: the answer names one, "Air China". */
const TYPE_NOUN_WEIGHT = 0.3;

// Only spans the cues detect reliably gate eligibility; place and time cues miss too much ("in exile", "after the vote").
const TYPED = new Set([
  'time',
  'quantity',
  'money',
  'price',
  'age',
  'duration',
  'frequency',
  'distance',
  'tally',
]);

/** How much a word of the sentence before counts for a sentence that continues it. */
const INHERITED = 0.6;
const CONTINUES_RE = /^[“"‘]?(?:He|She|They|It|Its|His|Her|Their|This|That|These|Those|Such)\b/u;

/** The sentence refers back: a pronoun or demonstrative first, or "The company" after "firm Bioware". */
function leansOn(text: string, previous: ReadonlySet<string>): boolean {
  if (CONTINUES_RE.test(text)) return true;
  const noun = /^The (\p{Ll}+)\b/u.exec(text)?.[1];
  return noun !== undefined && previous.has(termOf(noun));
}

// A sentence that continues about the previous one's actor: starts with a pronoun or is attributed to one.
const PRONOUN_RE =
  /^(?:[“"‘]?(?:He|She|They|His|Her|Their)\b)|[,”"]\s(?:he|she|they) (?:said|added|told|says)\b/u;

/** "articleId:ordinal" of sentences where a focus actor is quoted (attribution done at analysis time). */
export function quoteKeysOf(input: AnswerInput): Set<string> {
  return new Set(
    input.focusActors.flatMap((a) => a.quoteSentences ?? []).map((k) => `${k.articleId}:${k.ordinal}`),
  );
}

/**
 * The headline's terms of each source number: an article's first sentence tells the story its
 * headline names, so the headline's words count for that sentence as the words of the sentence
 * before count for one continuing it.
 */
export function headlinesOf(input: AnswerInput): Headlines {
  const bySource = new Map(
    [...(input.sources ?? [])].map(([sourceNo, { title }]) => [
      sourceNo,
      { title, terms: new Set(answerTerms(title)), words: passageWords(title) },
    ]),
  );
  const names = (a: ActorMatcher, h: { title: string; words: Set<string> } | undefined) =>
    h !== undefined && mentions(a, h.title, h.words);
  return {
    leadTerms: (p) => (p.ordinal === 0 ? bySource.get(p.sourceNo)?.terms : undefined),
    names: (a, p) => names(a, bySource.get(p.sourceNo)),
    anyNames: (a) => [...bySource.values()].some((h) => names(a, h)),
  };
}

export interface Headlines {
  /** The headline's terms, for an article's first sentence only. */
  leadTerms: (p: AnswerPassage) => ReadonlySet<string> | undefined;
  /** Whether the headline of the passage's article names the actor. */
  names: (a: ActorMatcher, p: AnswerPassage) => boolean;
  /** Whether any shown article's headline names the actor. */
  anyNames: (a: ActorMatcher) => boolean;
}

export function score(
  passages: AnswerPassage[],
  q: QuestionAnalysis,
  actors: ActorMatcher[],
  wordSets: Set<string>[],
  quoteKeys: Set<string>,
  people: PersonEvidence,
  headlines: Headlines,
): Candidate[] {
  const n = passages.length;
  const termSets = passages.map((p) => new Set(answerTerms(p.text)));
  const df = new Map<string, number>();
  for (const set of termSets) for (const t of set) df.set(t, (df.get(t) ?? 0) + 1);
  // IDF-like weight over the given passages; a term none of them has counts as rare, not as infinite.
  const idf = (t: string) => 1 + Math.log((n + 1) / (Math.max(df.get(t) ?? 0, 1) + 0.5));
  const weight = (t: string) => (t === q.typeNoun ? TYPE_NOUN_WEIGHT : 1) * idf(t);
  const actorTerms = new Set(actors.flatMap((a) => a.aliases.flatMap(answerTerms)));
  const need = q.focus.filter((t) => !actorTerms.has(t));
  const focusSet = new Set(q.focus);
  const needWeight = need.reduce((s, t) => s + weight(t), 0);
  const exclude = excludeOf(actors, q);
  const byKey = new Map(passages.map((p) => [`${p.articleId}:${p.ordinal}`, p]));
  // Articles naming an actor in a sentence shown or in their headline.
  const articlesNaming = new Set(
    passages
      .filter((p, i) => actors.some((a) => mentions(a, p.text, wordSets[i]!) || headlines.names(a, p)))
      .map((p) => p.articleId),
  );

  // "How many cords…" where the articles only write "cables": the counted word cannot be required.
  const countedWritten = q.counted !== undefined && termSets.some((set) => set.has(q.counted!));
  const indexOf = new Map(passages.map((p, i) => [`${p.articleId}:${p.ordinal}`, i]));
  const typedOf = passages.map((p) => typeStrength(p, q, exclude, people));
  const placeNear = (rank: number) =>
    passages.some(
      (o, j) => j !== rank && withinReach(o, passages[rank]!) && typedOf[j]! > 0 && !isNotNews(o.text),
    );

  return passages.map((p, rank) => {
    const terms = termSets[rank]!;
    // A sentence continuing the one before ("That petition was introduced by…") is about what that
    // one names: its words count too, less than the sentence's own; so do an article's headline's
    // for its first sentence.
    const prevIndex = indexOf.get(`${p.articleId}:${p.ordinal - 1}`);
    const prevTerms =
      prevIndex !== undefined && leansOn(p.text, termSets[prevIndex]!)
        ? termSets[prevIndex]
        : headlines.leadTerms(p);
    const covered = need.reduce(
      (s, t) => s + (terms.has(t) ? weight(t) : prevTerms?.has(t) ? INHERITED * weight(t) : 0),
      0,
    );
    const coverage = needWeight > 0 ? covered / needWeight : 1;
    const mentioned = actors.flatMap((a, i) => (mentions(a, p.text, wordSets[rank]!) ? [i] : []));
    // The actor's own quote, even when the sentence names them only as "he" or not at all.
    const quotedActor = quoteKeys.has(`${p.articleId}:${p.ordinal}`);
    const prev = byKey.get(`${p.articleId}:${p.ordinal - 1}`);
    // A pronoun sentence right after one naming the actor ("he said") stands for the actor.
    const viaPronoun =
      mentioned.length === 0 &&
      prev !== undefined &&
      (PRONOUN_RE.test(p.text) || isBareQuote(p.text)) &&
      actors.some((a) => mentions(a, prev.text, passageWords(prev.text)));
    // The sentence after one naming the actor, on the question's words ("The company, which…"):
    // the article is still talking about it.
    const viaNeighbour =
      mentioned.length === 0 &&
      !viaPronoun &&
      coverage >= NEIGHBOUR_COVERAGE &&
      prev !== undefined &&
      actors.some((a) => mentions(a, prev.text, passageWords(prev.text)));
    // A sentence of an article that names the actor elsewhere, on the question's words ("In its
    // monthly bulletin, it flagged…"): the article is about the actor even where it says "it".
    // The asked kind of span in the sentence ("in January 2004", "lawyer, Dolores Troiani") is
    // evidence enough for a little less overlap.
    const typed = typedOf[rank]!;
    const viaArticle =
      mentioned.length === 0 &&
      !viaPronoun &&
      !viaNeighbour &&
      needWeight > 0 &&
      coverage >= (typed >= 1 ? MIN_TYPED_COVERAGE : NEIGHBOUR_COVERAGE) &&
      articlesNaming.has(p.articleId);
    const actorShare = actors.length
      ? (mentioned.length + (viaPronoun ? 0.5 : viaNeighbour || viaArticle ? 0.3 : 0)) / actors.length
      : 0;
    // A sentence naming every one of two or more asked actors, with the asked kind of span ("how much
    // is RDF suing Fox for?" → "RDF… has filed a damages claim for $18 million… against Fox's…"):
    // the names are evidence its other words need not repeat.
    const namesAll =
      actors.length >= 2 && mentioned.length === actors.length && TYPED.has(q.answerType) && typed >= 1;
    let eligible =
      !isNotNews(p.text) &&
      (actors.length === 0 ||
        mentioned.length > 0 ||
        viaPronoun ||
        viaNeighbour ||
        viaArticle ||
        quotedActor) &&
      (coverage >= MIN_TYPED_COVERAGE || namesAll);

    // Below the usual overlap, only a sentence holding the asked kind of span ("$12" for "what did
    // it cost?") may answer: the span is evidence the words alone are not.
    const named = q.wantsName && NAMING_CUE.test(p.text);
    if (coverage < MIN_COVERAGE && !(TYPED.has(q.answerType) && typed >= 1) && !named) eligible = false;
    // A "when/where/how many/how old/how long" question is not answered by a sentence without that kind of span.
    if (TYPED.has(q.answerType) && typed === 0) eligible = false;
    // "Which judge…": a sentence writing "the federal judge presiding…" with no name beside it
    // says there is one, not who; unless, for "who", the sentence before names the holder.
    // Asked only when a rule needs it: person evidence scans the article's names.
    const holderBefore = () =>
      q.answerType === 'person' && prev !== undefined && people(prev.text, prev.articleId) > 0;
    if (q.namedKind && kindWithoutName(p.text, q.namedKind, exclude) && !holderBefore()) eligible = false;
    // "Where…" may take its place from a sentence nearby (typedNeighbour), but from somewhere: a
    // sentence restating the question with no place within reach does not answer it.
    if (q.answerType === 'place' && typed === 0 && !placeNear(rank)) eligible = false;
    // "Who…" needs someone named; "when" a date or a time word, not only "after" or "during".
    // The sentence before may name the holder of a role this one describes (see roleHolderBefore).
    if (q.answerType === 'person' && !q.wantsIdentity && people(p.text, p.articleId) === 0 && !holderBefore())
      eligible = false;
    if (q.answerType === 'time' && typed < 0.8) eligible = false;
    // "How many senators…" is answered by a number of senators, not by any number.
    if (q.counted && countedWritten && !countsWord(p.text, q.counted)) eligible = false;
    // "What does X want?" needs a sentence about wanting, demanding, seeking...: anything else is a guess.
    if (q.wantsGoal && !GOAL_CUE.test(p.text)) eligible = false;
    let evidence = W_TYPE * typed;
    const primary = actors[0];
    const subject = primary ? actorIsSubject(p.text, primary.re) : false;
    if (q.wantsGoal && GOAL_CUE.test(p.text)) {
      evidence += W_INTENT * (subject || viaPronoun ? 1 : 0.5);
      // The question's own goal verb ("want") beats a paraphrase ("determined").
      if (q.goalVerb && new RegExp(`\\b${q.goalVerb}`, 'i').test(p.text)) evidence += 0.5;
    }
    if (q.wantsQuote && quotedActor) evidence += W_INTENT * 2;
    // Someone else's quote about the actor is not what the actor said.
    else if (q.wantsQuote && quoteKeys.size === 0 && primary && saysDirectly(p.text, primary.re)) {
      // Without attributed quotes, what the actor is reported to have said ("Dubois said last month…").
      evidence += W_INTENT;
    }
    if (named) evidence += W_INTENT;
    if (q.answerType === 'person' && !q.wantsIdentity && namesAgentOf(p.text, focusSet)) evidence += W_INTENT;
    if (q.wantsRelation === 'supports' && SUPPORT_CUE.test(p.text)) evidence += W_INTENT;
    if (q.wantsRelation === 'opposes' && OPPOSE_CUE.test(p.text)) evidence += W_INTENT;
    if (q.wantsIdentity && primary) evidence += identityStrength(p.text, primary.re) * 1.5;

    let s = W_COVERAGE * (needWeight > 0 ? coverage : 0) + W_ACTOR * actorShare + evidence;
    if (subject) s += 0.3;
    s += W_RANK * (1 - rank / n);
    if (/\?["”’]?$/u.test(p.text)) s -= 0.6; // a question in the text rarely answers one
    if (p.text.split(/\s+/).length < 5) s -= 0.3;
    return {
      passage: p,
      rank,
      terms,
      coverage,
      actors: mentioned,
      eligible,
      evidence,
      typed,
      quoted: quotedActor,
      subject,
      score: s,
    };
  });
}

function typeStrength(
  p: AnswerPassage,
  q: QuestionAnalysis,
  exclude: RegExp | null,
  people: PersonEvidence,
): number {
  if (q.wantsIdentity) return 0; // identity has its own cue below
  // "Which airline…" is answered by a name the question does not give.
  if (q.answerType === 'any' && q.typeNoun) return 0.5 * answerTypeStrength(p.text, 'person', exclude);
  if (q.answerType === 'person') return people(p.text, p.articleId);
  return answerTypeStrength(p.text, q.answerType, exclude);
}

/** The names a "who" answer must not merely repeat: the actors asked about and the question's names. */
function excludeOf(actors: ActorMatcher[], q: QuestionAnalysis): RegExp | null {
  return actors.length ? aliasRegex(actors.map((a) => a.name).concat(q.names), 'giu') : null;
}

/** "Who said / warned / concluded…": the one a sentence is attributed to is the answer. */
const ASKS_SPEAKER_RE = new RegExp(`\\b(?:${SPEECH_VERB_PATTERN})\\b`, 'iu');

/** "Who did…" evidence for this question, from the shown articles' typed actors when given. */
export function peopleFor(
  input: AnswerInput,
  question: string,
  q: QuestionAnalysis,
  actors: ActorMatcher[],
): PersonEvidence {
  const asked = actors.flatMap((a) => a.aliases);
  return personEvidence(input.articleActors, excludeOf(actors, q), asked, ASKS_SPEAKER_RE.test(question));
}

// A role noun right before the name, or before one word before it ("ally Grace Okafor", "chief
// operating officer X"): weaker than an apposition.
/** The role nouns, lower-cased, looked up among the words before a mention. */
const ROLE_WORDS: ReadonlySet<string> = new Set(ROLE_NOUNS.map((w) => w.toLowerCase()));
/** Characters before a mention that can hold a role noun and a title word. */
const ROLE_WINDOW = 80;

function identityStrength(text: string, actor: RegExp): number {
  const lead = appositionLead(text, actor);
  if (lead) return / is the /.test(lead) && !/,/.test(lead) ? 0.7 : 1;
  // One pass for the actor's mentions, then a set look-up on the one or two words before each:
  // one regex of every role noun followed by every alias, tried at every position, was the
  // costliest step of an answer.
  for (const m of text.matchAll(derivedRegex(actor.source, `${actor.flags.replace('g', '')}g`))) {
    if (roleBefore(text, m.index)) return 0.5;
  }
  return 0;
}

/** A role noun right before `index`, or before one word that is ("ally Grace Okafor"). */
function roleBefore(text: string, index: number): boolean {
  const words = text.slice(Math.max(0, index - ROLE_WINDOW), index).split(/\s+/);
  // The mention must follow whitespace: then the split ends with an empty string.
  if (words.length < 2 || words.at(-1) !== '') return false;
  const isRole = (w: string | undefined) =>
    w !== undefined && ROLE_WORDS.has(w.replace(/^[^\p{L}]+/u, '').toLowerCase());
  const last = words.at(-2)!;
  return isRole(last) || (/^\p{L}[\p{L}.-]*$/u.test(last) && isRole(words.at(-3)));
}

const SPEECH_VERB = `(?:has\\s+|had\\s+)?(?:${SPEECH_VERB_PATTERN})\\b`;
/** A speech verb right after a mention ("Dubois said"), tried on the text just after each one. */
const SPEECH_AFTER = new RegExp(`^\\s+${SPEECH_VERB}`, 'iu');

/** "Dubois said …", "Dubois told reporters …": the actor is the one speaking, not the one spoken about. */
function saysDirectly(text: string, actor: RegExp): boolean {
  for (const m of text.matchAll(derivedRegex(actor.source, `${actor.flags.replace('g', '')}g`))) {
    if (SPEECH_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 60))) return true;
  }
  return false;
}

// Capitalised at a sentence's start without being names.
const SENTENCE_OPENERS = new Set([
  'Meanwhile',
  'However',
  'Although',
  'Despite',
  'Since',
  'Earlier',
  'Later',
  'Now',
  'Still',
  'Yet',
  'According',
]);

function actorIsSubject(text: string, actor: RegExp): boolean {
  const m = actor.exec(text);
  if (m === null || m.index >= Math.max(40, text.length / 3)) return false;
  // Another name before it ("While Paris doesn't trust Okafor", "Dubois, who hosts Okafor")
  // is the one acting; capitalised common words ("While", "The") are not names.
  const before = text.slice(0, m.index).match(/\p{Lu}[\p{L}’'-]*/gu) ?? [];
  return before.every((w) => STOPWORDS.has(w.toLowerCase()) || SENTENCE_OPENERS.has(w));
}
