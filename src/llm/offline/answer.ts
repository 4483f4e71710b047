/**
 * The offline (extractive) answerer: picks the retrieved sentence(s) that answer a question and
 * cites them, or says plainly that the stored articles don't say. It never writes a claim the
 * sentences do not contain: the only added words are a lead built from a role apposition.
 */

import { isNotNews } from '../../text/not-news.ts';
import type { AnswerDraft, AnswerInput } from '../engine.ts';
import { type ActorMatcher, appositionLead, buildActors, mentions, passageWords } from './answer-actors.ts';
import { ageFor, hasQuote, isBareQuote, SPEECH_CUE } from './answer-cues.ts';
import type { PersonEvidence } from './answer-people.ts';
import { type Candidate, headlinesOf, peopleFor, quoteKeysOf, score, withinReach } from './answer-score.ts';
import { classifyQuestion, type QuestionAnalysis } from './question.ts';
import { buildVocabulary, cleanQuestion } from './question-clean.ts';
import { refusal } from './refusal.ts';

const MIN_SCORE = 1.2;
const SECOND_RATIO = 0.92;
const MAX_QUOTES = 3;

/** Answers a question from retrieved passages with [n] citations, or says the articles don't say. */
export function answerFromPassages(input: AnswerInput): AnswerDraft {
  const question = cleanQuestion(input.question, buildVocabulary(input.passages.map((p) => p.text)));
  const q = classifyQuestion(question);
  const actors = buildActors(input.focusActors, q.names);
  const unsupported = (): AnswerDraft => ({ text: dontSay(question, actors), supported: false, cited: [] });
  if (input.passages.length === 0) return unsupported();

  const wordSets = input.passages.map((p) => passageWords(p.text));
  // A named actor that no passage mentions means the articles cannot answer: never guess. A shown
  // article's headline counts ("I'm A Celebrity" named there, its sentences saying "the show").
  const headlines = headlinesOf(input);
  const present = actors.map(
    (a) => input.passages.some((p, i) => mentions(a, p.text, wordSets[i]!)) || headlines.anyNames(a),
  );
  if (present.some((ok) => !ok)) return unsupported();

  const people = peopleFor(input, question, q, actors);
  const candidates = score(input.passages, q, actors, wordSets, quoteKeysOf(input), people, headlines);
  const ranked = [...candidates]
    .filter((c) => c.eligible)
    .sort((a, b) => b.score - a.score || a.rank - b.rank);
  const best = ranked[0];
  if (!best || best.score < MIN_SCORE) return unsupported();

  const chosen = [best];
  const context = quoteContext(best, candidates);
  if (q.wantsQuote && best.quoted) {
    // "What did X say?": X's own attributed quotes, best first, a few at most.
    chosen.push(...ranked.filter((c) => c !== best && c.quoted).slice(0, MAX_QUOTES - 1));
  } else if (context && (q.wantsQuote || q.wantsGoal || actors.length > 0)) chosen.push(context);
  else {
    const holder = roleHolderBefore(best, candidates, q, people) ?? typedNeighbour(best, candidates, q);
    const second = holder ?? ranked.find((c) => c !== best && addsSupport(c, best, q));
    if (second) chosen.push(second);
  }
  return render(chosen, q, actors, input);
}

/**
 * Whether the question asks who did something, the one kind whose answer reads the types of the
 * articles' actors (read before the passages are known, so without their vocabulary).
 */
export function asksWho(question: string): boolean {
  const q = classifyQuestion(question);
  return q.answerType === 'person' && !q.wantsIdentity;
}

/** Scores of every passage for a question (diagnostics and benches): higher is better. */
export function scorePassages(input: AnswerInput): {
  sourceNo: number;
  ordinal: number;
  score: number;
  eligible: boolean;
  coverage: number;
  typed: number;
}[] {
  const question = cleanQuestion(input.question, buildVocabulary(input.passages.map((p) => p.text)));
  const q = classifyQuestion(question);
  const wordSets = input.passages.map((p) => passageWords(p.text));
  const actors = buildActors(input.focusActors, q.names);
  const people = peopleFor(input, question, q, actors);
  return score(input.passages, q, actors, wordSets, quoteKeysOf(input), people, headlinesOf(input)).map(
    (c) => ({
      sourceNo: c.passage.sourceNo,
      ordinal: c.passage.ordinal,
      score: Math.round(c.score * 100) / 100,
      eligible: c.eligible,
      coverage: Math.round(c.coverage * 100) / 100,
      typed: c.typed,
    }),
  );
}

/**
 * "Who leads the team?" answered by "The coach said the side…" names nobody; the sentence before,
 * when it names a person, is where the role's holder is ("Jo Bell took over the team in May.").
 */
function roleHolderBefore(
  best: Candidate,
  all: Candidate[],
  q: QuestionAnalysis,
  people: PersonEvidence,
): Candidate | null {
  if (q.answerType !== 'person' || q.wantsIdentity) return null;
  if (people(best.passage.text, best.passage.articleId) > 0) return null;
  const prev = all.find(
    (c) => c.passage.articleId === best.passage.articleId && c.passage.ordinal === best.passage.ordinal - 1,
  );
  return prev && !isNotNews(prev.passage.text) && people(prev.passage.text, prev.passage.articleId) > 0
    ? prev
    : null;
}

/**
 * "Where will the firm hold auditions?" answered by a sentence with no place: the article often
 * gives it a sentence or two away ("…come along to a shopping mall in West Edmonton"). The nearest
 * such sentence is added, one sharing the question's words first.
 */
function typedNeighbour(best: Candidate, all: Candidate[], q: QuestionAnalysis): Candidate | null {
  if (q.answerType !== 'place' || best.typed > 0) return null;
  const near = all
    .filter(
      (c) => c !== best && withinReach(c.passage, best.passage) && c.typed > 0 && !isNotNews(c.passage.text),
    )
    .sort(
      (a, b) =>
        Number(b.coverage > 0) - Number(a.coverage > 0) ||
        Math.abs(a.passage.ordinal - best.passage.ordinal) -
          Math.abs(b.passage.ordinal - best.passage.ordinal),
    );
  return near[0] ?? null;
}

/** The attributed sentence before a bare quote ("…,” said X. “Dubois doesn't want…”). */
function quoteContext(best: Candidate, all: Candidate[]): Candidate | null {
  if (!isBareQuote(best.passage.text)) {
    // An attributed quote followed by its bare continuation: "“…,” he said. “That if the port closes…”"
    return null;
  }
  const prev = all.find(
    (c) => c.passage.articleId === best.passage.articleId && c.passage.ordinal === best.passage.ordinal - 1,
  );
  return prev && hasQuote(prev.passage.text) && SPEECH_CUE.test(prev.passage.text) ? prev : null;
}

function addsSupport(c: Candidate, best: Candidate, q: QuestionAnalysis): boolean {
  if (!c.eligible || c.score < best.score * SECOND_RATIO) return false;
  if (c.evidence <= 0 && c.coverage < best.coverage) return false;
  if (q.wantsIdentity) return false; // one role sentence answers "who is X"
  // "What does X want?": a second sentence must be about X's wants too, not someone else's about X.
  if (q.wantsGoal && best.subject && !c.subject) return false;
  let shared = 0;
  for (const t of c.terms) if (best.terms.has(t)) shared++;
  const union = c.terms.size + best.terms.size - shared;
  return union > 0 && shared / union < 0.6;
}

function render(
  chosen: Candidate[],
  q: QuestionAnalysis,
  actors: ActorMatcher[],
  input: AnswerInput,
): AnswerDraft {
  // Sentences of one article read in article order; otherwise best first.
  const ordered = [...chosen].sort((a, b) =>
    a.passage.articleId === b.passage.articleId ? a.passage.ordinal - b.passage.ordinal : 0,
  );
  const primary = actors[0];
  let lead: string | null = null;
  if (primary && q.wantsIdentity) {
    lead = appositionLead(chosen[0]!.passage.text, primary.re) ?? roleLead(primary.name, input);
  }
  if (primary && q.answerType === 'age') {
    const age = ageFor(chosen[0]!.passage.text, primary.re);
    if (age) lead = `${primary.name} is ${age}, according to the article.`;
  }
  const body = ordered.map((c) => `${c.passage.text} [${c.passage.sourceNo}]`).join(' ');
  const cited = [...new Set(ordered.map((c) => c.passage.sourceNo))];
  return { text: lead ? `${lead} ${body}` : body, supported: true, cited };
}

/**
 * "Anne Dubois is the French President [1]." from a role the analysis took from an article
 * among the passages (so the citation is real); none when no such role exists.
 */
function roleLead(name: string, input: AnswerInput): string | null {
  const actor = input.focusActors.find((a) => a.name === name);
  for (const role of actor?.roles ?? []) {
    const source = input.passages.find((p) => p.articleId === role.articleId)?.sourceNo;
    if (source !== undefined && role.text.trim())
      return `${roleSentence(name, role.text.trim())} [${source}]`;
  }
  return null;
}

/** Puts a role into a sentence: verb phrases as they are, titles with "the", other nouns with "a/an". */
function roleSentence(name: string, role: string): string {
  if (/^(heads|leads|runs|chairs|founded|directs|owns|manages|represents|is|was|has)\b/i.test(role)) {
    return `${name} ${role}.`;
  }
  if (/^(now|in|at|from|on|under)\b/i.test(role)) return `${name} is ${role}.`;
  if (/^(the|a|an|former|then|ex-)\b/i.test(role))
    return `${name} is ${/^(former|then|ex-)/i.test(role) ? 'a ' : ''}${role}.`;
  if (/^\p{Lu}/u.test(role)) return `${name} is the ${role}.`;
  return `${name} is ${/^[aeiou]/i.test(role) ? 'an' : 'a'} ${role}.`;
}

/** "The stored articles don't say." and what was looked for: never a rewording of the question. */
function dontSay(question: string, actors: ActorMatcher[]): string {
  return refusal(
    question,
    actors.map((a) => a.name),
    actors.flatMap((a) => a.aliases),
  );
}
