/**
 * Grounding: what a generative engine says is checked against the article text before anyone
 * sees it. Quotes must be verbatim, sentence numbers must exist, citations must point at a
 * given source, and a quotation that is not verbatim is shown as a paraphrase, never as a quote.
 * Pure functions; the openai engine calls them on every (cached or fresh) model output.
 */
import { normaliseAlias, surnameKey } from '../actors/normalise.ts';
import type { ArticleAnalysis, ExtractedActor, Quote, Relation } from '../core/types.ts';
import type { CitedText } from './engine.ts';
import { findVerbatim, quotedInAny } from './grounding-match.ts';
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

  const quotes: Quote[] = [];
  for (const q of raw.quotes) {
    const speaker = resolve(q.speaker);
    if (!speaker) continue;
    const speakerRe = matchers[drafts.findIndex((d) => d.name === speaker)]!;
    const hits = texts.flatMap((t, i) => {
      const span = findVerbatim(q.text, t);
      return span ? [{ i, span }] : [];
    });
    const hit = hits.find((h) => speakerRe.test(texts[h.i]!)) ?? hits[0];
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
    // The summary is written, not extracted: it has no sentence indexes of its own.
    summarySentences: [],
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
    // People are mostly called by surname after the first mention ("Putin").
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
const SPEECH = 'said|says|told|tells|added|warned|insisted|argued|wrote|announced|declared';

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
 * Grounds an answer: drops [n] that no passage has, and turns any quotation (“…” or "…") that is
 * not verbatim in the cited sources' passages into a marked paraphrase, so it never reads as a quote.
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
const QUOTATION = /“([^”]+)”|"([^"\n]+)"/g;

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
  // Quotes are checked against what the answer cites; with no citation, against every source.
  const haystack = (citedSet.length ? citedSet : [...sources.keys()]).flatMap((n) => [
    ...(sources.get(n) ?? []),
  ]);
  const paraphrased: string[] = [];
  const withQuotes = withCitations.replace(
    QUOTATION,
    (whole, curly: string | undefined, straight: string | undefined) => {
      const inner = curly ?? straight ?? '';
      if (quotedInAny(inner, haystack)) return whole;
      paraphrased.push(inner);
      return `${inner.trim()} ${PARAPHRASE_MARK}`;
    },
  );
  const tidy = withQuotes
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/ +([,.;:!?])/g, '$1')
    .trim();
  return { text: tidy, cited, paraphrased };
}
