/**
 * Grounding: what a generative engine says is checked against the article text before anyone
 * sees it. Quotes must be verbatim, sentence numbers must exist, citations must point at a
 * given source, and a quotation that is not verbatim is shown as a paraphrase, never as a quote.
 * Pure functions; the openai engine calls them on every (cached or fresh) model output.
 */
import { normaliseAlias, surnameKey } from '../actors/normalise.ts';
import type { ArticleAnalysis, ExtractedActor, Quote, Relation } from '../core/types.ts';
import { SPEECH_VERB_PATTERN } from '../text/lexicon.ts';
import type { CitedText } from './engine.ts';
import { findQuotations, findVerbatim, type Quotation, quotedInAny } from './grounding-match.ts';
import type { RawAnalysis } from './grounding-schemas.ts';
import { aliasRegex } from './offline/answer-actors.ts';

/** Shown when the model's answer has no valid citation: nothing uncited is presented as an answer. */
export const UNSUPPORTED_ANSWER_TEXT = "The stored articles don't support an answer to that.";

/** Marks a quotation that was not found verbatim in the cited sources. */
export const PARAPHRASE_MARK = '(paraphrase)';

export interface GroundAnalysisOptions {
  /** Written into `ArticleAnalysis.producer`, e.g. "openai:gpt-4o-mini#analyse-1". */
  producer?: string | undefined;
  /** The article title: actors named in it are more salient. */
  title?: string | undefined;
}

/** Turns a model's raw analysis into an ArticleAnalysis whose every index and quote is checked against the sentences. */
export function groundAnalysis(
  raw: RawAnalysis,
  sentences: readonly (string | { text: string })[],
  options: GroundAnalysisOptions = {},
): ArticleAnalysis {
  const texts = sentences.map((s) => (typeof s === 'string' ? s : s.text));
  const inRange = (i: number) => Number.isInteger(i) && i >= 0 && i < texts.length;

  const drafts = mergeRawActors(raw.actors);
  const matchers = drafts.map((a) => aliasRegex(a.aliases));
  const mentions = drafts.map((_a, k) => texts.flatMap((t, i) => (matchers[k]!.test(t) ? [i] : [])));
  // An actor the article never names is the model's invention: drop it.
  const kept = drafts.map((_a, k) => k).filter((k) => mentions[k]!.length > 0);
  const resolve = resolver(kept.map((k) => drafts[k]!));

  const attributes = speakerCheck(texts, drafts, kept, matchers);
  const quotes: Quote[] = [];
  for (const q of raw.quotes) {
    const speaker = resolve(q.speaker);
    if (!speaker) continue;
    const k = drafts.findIndex((d) => d.name === speaker);
    const hits = texts.flatMap((t, i) => {
      const span = findVerbatim(q.text, t);
      return span ? [{ i, span }] : [];
    });
    // A quote is kept only where the article itself gives it to that speaker: the model's
    // attribution alone would let /actor show one person's words as another's.
    const hit = hits.find((h) => attributes(h.i, h.span, k));
    if (!hit || quotes.some((x) => x.sentenceIndex === hit.i && x.text === hit.span)) continue;
    quotes.push({ text: hit.span, speaker, sentenceIndex: hit.i });
  }

  const relations: Relation[] = [];
  for (const r of raw.relations) {
    const subject = resolve(r.subject);
    const object = resolve(r.object);
    if (!subject || !object || subject === object || !inRange(r.sentence)) continue;
    if (relations.some((x) => x.subject === subject && x.kind === r.kind && x.object === object)) continue;
    relations.push({ subject, kind: r.kind, object, sentenceIndex: r.sentence });
  }

  const titleKey = ` ${normaliseAlias(options.title ?? '')} `;
  const actors: ExtractedActor[] = kept.map((k) => {
    const a = drafts[k]!;
    const actions = new Set<number>();
    for (const i of mentions[k]!) if (actsIn(texts[i]!, matchers[k]!)) actions.add(i);
    for (const q of quotes) if (q.speaker === a.name) actions.add(q.sentenceIndex);
    for (const r of relations) if (r.subject === a.name) actions.add(r.sentenceIndex);
    const quoteCount = quotes.filter((q) => q.speaker === a.name).length;
    let salience = 0;
    for (const i of mentions[k]!) salience += i === 0 ? 2 : i <= 2 ? 1.5 : i <= 5 ? 1.2 : 1;
    salience += 0.5 * actions.size + 0.5 * quoteCount;
    if (a.aliases.some((x) => titleKey.includes(` ${normaliseAlias(x)} `))) salience += 3;
    return {
      name: a.name,
      type: a.type,
      aliases: a.aliases,
      roles: a.roles,
      mentions: mentions[k]!,
      actions: [...actions].sort((x, y) => x - y),
      salience: Math.round(salience * 100) / 100,
    };
  });
  actors.sort((x, y) => y.salience - x.salience || x.name.localeCompare(y.name));

  const keyPoints = raw.keyPoints
    .map((p) => ({ text: p.text.trim(), sentences: [...new Set(p.sentences.filter(inRange))] }))
    .filter((p) => p.text.length > 0);

  return {
    producer: options.producer ?? 'llm',
    summary: raw.summary.trim(),
    // The sentences the written summary rests on, as the model cited them (checked by vetAnalysis).
    summarySentences: [...new Set((raw.summarySentences ?? []).filter(inRange))],
    keyPoints,
    actors,
    quotes,
    relations,
  };
}

interface ActorDraft {
  name: string;
  type: ExtractedActor['type'];
  aliases: string[];
  roles: string[];
}

/** Merges actors the model listed twice (same normalised name or a shared alias). */
export function mergeRawActors(raw: RawAnalysis['actors']): ActorDraft[] {
  const out: ActorDraft[] = [];
  const keysOf = (a: ActorDraft) => new Set(a.aliases.map(normaliseAlias).filter(Boolean));
  for (const r of raw) {
    const name = r.name.trim();
    if (!name) continue;
    const aliases = uniqueBy([name, ...r.aliases.map((x) => x.trim())], normaliseAlias).filter(
      (x) => normaliseAlias(x).length > 1,
    );
    // People are mostly called by surname after the first mention ("Dubois").
    if (r.type === 'person' && /\s/.test(name)) {
      const surname = name.split(/\s+/).pop()!;
      if (surname.length > 2 && !aliases.some((x) => normaliseAlias(x) === surnameKey(name)))
        aliases.push(surname);
    }
    const draft: ActorDraft = {
      name,
      type: r.type,
      aliases,
      roles: uniqueBy(r.roles.map((x) => x.trim()).filter(Boolean), (x) => x.toLowerCase()),
    };
    const keys = keysOf(draft);
    const same = out.find((o) => [...keysOf(o)].some((k) => keys.has(k)) && o.type === draft.type);
    if (same) {
      same.aliases = uniqueBy([...same.aliases, ...draft.aliases], normaliseAlias);
      same.roles = uniqueBy([...same.roles, ...draft.roles], (x) => x.toLowerCase());
    } else out.push(draft);
  }
  return out;
}

/** Maps any name or alias the model used (normalised, or a person's surname) to the actor's canonical name. */
function resolver(actors: ActorDraft[]): (name: string) => string | undefined {
  const byKey = new Map<string, string>();
  for (const a of actors)
    for (const alias of a.aliases)
      if (!byKey.has(normaliseAlias(alias))) byKey.set(normaliseAlias(alias), a.name);
  const bySurname = new Map<string, string>();
  for (const a of actors)
    if (a.type === 'person' && !bySurname.has(surnameKey(a.name))) bySurname.set(surnameKey(a.name), a.name);
  return (name) => byKey.get(normaliseAlias(name)) ?? bySurname.get(surnameKey(name));
}

const PREPOSITION_BEFORE = /\b(?:with|to|of|by|for|against|on|from|about|at|in|into|over|than|and|as)\s*$/i;
/** An actor speaking is an actor acting: the shared speech verbs (lexicon). */
const SPEECH = SPEECH_VERB_PATTERN;

/**
 * Approximate "the actor acts here": named early in the sentence and not as an object of a
 * preposition, or the one who said something. The offline engine parses subjects; a model's
 * analysis has no parse, so this heuristic stands in for it.
 */
function actsIn(sentence: string, actor: RegExp): boolean {
  const m = actor.exec(sentence);
  if (!m) return false;
  const before = sentence.slice(0, m.index).replace(/^[\s"“‘']+/u, '');
  if (before.split(/\s+/).filter(Boolean).length <= 3 && !PREPOSITION_BEFORE.test(before)) return true;
  const attributed = new RegExp(
    `(?:\\b(?:${SPEECH})\\s+(?:the\\s+)?${actor.source})|(?:${actor.source}\\s+(?:${SPEECH})\\b)`,
    actor.flags,
  );
  return attributed.test(sentence);
}

const PRONOUN_SAID = new RegExp(`\\b(?:he|she)\\s+(?:${SPEECH})\\b|\\b(?:${SPEECH})\\s+(?:he|she)\\b`, 'i');

/** Text with every quotation (and the quoted span itself) blanked: only the narration is left. */
function narration(sentence: string, span?: string): string {
  const text = span ? sentence.split(span).join(' ') : sentence;
  let out = '';
  let last = 0;
  for (const q of findQuotations(text)) {
    out += `${text.slice(last, q.start)} `;
    last = q.end;
  }
  return out + text.slice(last);
}

/**
 * Whether sentence `i` gives the quoted `span` to actor `k`. It does when, outside the quoted
 * words, the sentence names the actor (any alias), or says "he said"/"said she" and the actor is
 * the first person named in the sentence before. A sentence that is nothing but quotation (a
 * continuation: “That if the port closes, the city will be next.”) takes its speaker from the sentence
 * before, by the same two rules. Anything else is the model's guess and the quote is dropped.
 */
function speakerCheck(
  texts: readonly string[],
  drafts: readonly ActorDraft[],
  kept: readonly number[],
  matchers: readonly RegExp[],
): (i: number, span: string, k: number) => boolean {
  const told = texts.map((t) => narration(t));
  const people = kept.filter((k) => drafts[k]!.type === 'person');
  const firstPerson = (s: string): number | undefined => {
    let best: { k: number; at: number } | undefined;
    for (const k of people) {
      const at = matchers[k]!.exec(s)?.index;
      if (at !== undefined && (!best || at < best.at)) best = { k, at };
    }
    return best?.k;
  };
  const givenHere = (i: number, k: number, rest: string): boolean =>
    matchers[k]!.test(rest) || (PRONOUN_SAID.test(rest) && i > 0 && firstPerson(told[i - 1]!) === k);
  return (i, span, k) => {
    if (k < 0) return false;
    const rest = narration(texts[i]!, span);
    if (givenHere(i, k, rest)) return true;
    const quoteOnly = !/[\p{L}\p{N}]/u.test(rest);
    return quoteOnly && i > 0 && givenHere(i - 1, k, told[i - 1]!);
  };
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((x) => {
    const k = key(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** An answer after grounding: valid citations only, unverified quotes shown as paraphrase. */
export interface GroundedText {
  text: string;
  /** Valid citation numbers, in order of first use. */
  cited: number[];
  /** Quotations that were not verbatim in the cited sources and lost their marks. */
  paraphrased: string[];
}

/**
 * Grounds an answer: drops [n] that no passage has, and turns any quotation (“…”, "…", ‘…’, «…»,
 * „…“ and the like; see {@link findQuotations}) that is not verbatim in the sources cited for it
 * into a marked paraphrase, so it never reads as a quote. A quotation is checked against the
 * citation group that follows it in its sentence (`said “…” [2]` → source 2 only), else against
 * the citations earlier in its sentence, else against everything the answer cites.
 */
export function groundAnswer(
  text: string,
  passages: readonly { sourceNo: number; text: string }[],
): GroundedText {
  const bySource = new Map<number, string[]>();
  for (const p of passages) bySource.set(p.sourceNo, [...(bySource.get(p.sourceNo) ?? []), p.text]);
  return groundText(text, bySource, []);
}

/**
 * Grounds one briefing line: invalid [n] dropped from text and sources, inline [n] counted as
 * sources, quotes checked against the cited sources' sentences.
 */
export function groundCitedText(
  item: CitedText,
  sources: ReadonlyMap<number, readonly string[]>,
): CitedText & { paraphrased: string[] } {
  const listed = item.sources.filter((n) => sources.has(n));
  const grounded = groundText(item.text, sources, listed);
  // The renderer appends [n] for sources; keep the text free of them to avoid doubling.
  const text = grounded.text.replace(/\s?\[\d+\]/g, '').trim();
  return { text, sources: [...new Set([...listed, ...grounded.cited])], paraphrased: grounded.paraphrased };
}

const CITATION = /\s*\[(\d+(?:\s*,\s*\d+)*)\]/g;
/** A sentence's end, with the citations that close it ("… side. [1]"), or a line break. */
const SENTENCE_END = /[.!?]+["'”’»]*(?:\s*\[\d+\])*(?=\s|$)|\n/gu;
const CITATION_GROUP = /\[\d+\](?:\s*\[\d+\])*/u;

/**
 * The sources a quotation is checked against: the citation group that first follows its closing
 * mark within its sentence (“…” [2] → source 2 only); failing that, the citations earlier in its
 * sentence; undefined when its sentence cites nothing.
 */
function quoteSources(text: string, q: Quotation): number[] | undefined {
  const rest = text.slice(q.end);
  let end: number;
  const lead = /^(?:\s*\[\d+\])*/u.exec(rest)![0].length;
  // “We will win.” Okafor agreed [2]. — the quote ended its own sentence.
  if (/[.!?]\s*$/u.test(q.inner) && !/^\s*[,;:\p{Ll}]/u.test(rest.slice(lead))) end = lead;
  else {
    SENTENCE_END.lastIndex = 0;
    const m = SENTENCE_END.exec(rest);
    end = m ? m.index + m[0].length : rest.length;
  }
  const after = CITATION_GROUP.exec(rest.slice(0, end));
  if (after) return numbersIn(after[0]);
  const before = text.slice(0, q.start);
  let start = 0;
  for (const m of before.matchAll(SENTENCE_END)) start = m.index + m[0].length;
  const inSentence = numbersIn(before.slice(start));
  return inSentence.length ? inSentence : undefined;
}

function numbersIn(s: string): number[] {
  return [...new Set([...s.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])))];
}

function groundText(
  text: string,
  sources: ReadonlyMap<number, readonly string[]>,
  alsoCited: number[],
): GroundedText {
  const cited: number[] = [];
  const withCitations = text.replace(CITATION, (_m, list: string) => {
    const valid = list
      .split(',')
      .map((x) => Number(x.trim()))
      .filter((n) => sources.has(n));
    for (const n of valid) if (!cited.includes(n)) cited.push(n);
    return valid.map((n) => ` [${n}]`).join('');
  });
  const citedSet = [...new Set([...cited, ...alsoCited])];
  // A quote whose sentence cites nothing is checked against everything the answer cites; an
  // answer that cites nothing, against every source.
  const fallback = citedSet.length ? citedSet : [...sources.keys()];
  const paraphrased: string[] = [];
  let out = '';
  let last = 0;
  for (const q of findQuotations(withCitations)) {
    const haystack = (quoteSources(withCitations, q) ?? fallback).flatMap((n) => [...(sources.get(n) ?? [])]);
    out +=
      withCitations.slice(last, q.start) +
      checkQuote(withCitations.slice(q.start, q.end), q.inner, haystack, paraphrased);
    last = q.end;
  }
  out += withCitations.slice(last);
  const tidy = out
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/ +([,.;:!?])/g, '$1')
    .trim();
  return { text: tidy, cited, paraphrased };
}

/**
 * A verbatim quotation as it is; any other loses its marks and is marked as paraphrase. Quotations
 * nested in a paraphrased one (“He called it ‘a farce’ today”) are checked in turn, against the same sources.
 */
function checkQuote(
  whole: string,
  inner: string,
  haystack: readonly string[],
  paraphrased: string[],
): string {
  if (quotedInAny(inner, haystack)) return whole;
  paraphrased.push(inner);
  let out = '';
  let last = 0;
  for (const q of findQuotations(inner)) {
    out +=
      inner.slice(last, q.start) + checkQuote(inner.slice(q.start, q.end), q.inner, haystack, paraphrased);
    last = q.end;
  }
  out += inner.slice(last);
  return `${out.trim()} ${PARAPHRASE_MARK}`;
}
