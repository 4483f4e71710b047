/**
 * The checks a model's output must pass before it is cached or shown. Each vet function returns
 * the output with unsupported claims dropped, or throws LlmInvalidOutput when what is left cannot
 * be used (unsafe content, nothing supported): a thrown result is never cached, and the fallback
 * engine answers instead. Pure: same output and sources, same verdict.
 */

import { claimSupport, splitClaims } from './claim-support.ts';
import type { AnswerInput } from './engine.ts';
import { LlmInvalidOutput } from './errors.ts';
import { groundAnswer } from './grounding.ts';
import type { RawAnalysis, RawAnswer, RawBriefing } from './grounding-schemas.ts';
import { unsafeOutput } from './output-safety.ts';

function reject(task: string, why: string): never {
  throw new LlmInvalidOutput(`LLM output rejected (${task}): ${why}`, { task });
}

/** Keeps the claims of `text` that their cited texts support; `citedTexts` maps [n] to texts. */
function supportedClaims(text: string, citedTexts: (cited: number[]) => string[]): string {
  return splitClaims(text)
    .filter((c) => claimSupport(c.text, citedTexts(c.cited)).supported)
    .map((c) => c.raw)
    .join('')
    .trim();
}

/**
 * An analysis whose summary and key points rest on the article: each claim checked against the
 * sentences it cites (the whole article when it cites none). Unsafe text anywhere, or a summary
 * with nothing supported left, rejects it.
 */
export function vetAnalysis(raw: RawAnalysis, sentences: readonly string[]): RawAnalysis {
  const shown = [
    raw.summary,
    ...raw.keyPoints.map((k) => k.text),
    ...raw.actors.flatMap((a) => [a.name, ...a.aliases, ...a.roles]),
  ].join('\n');
  const unsafe = unsafeOutput(shown, sentences);
  if (unsafe) reject('analyse', unsafe);
  const textsOf = (ids: readonly number[]) => {
    const picked = ids.map((i) => sentences[i]).filter((t): t is string => t !== undefined);
    return picked.length ? picked : [...sentences];
  };
  // A summary cites its sentences once for all its claims; each claim must stand on them or the article.
  const summary = supportedClaims(raw.summary.replace(/\s?\[\d+\]/g, ''), () => [...sentences]);
  if (!summary) reject('analyse', 'no claim of the summary is supported by the article');
  const keyPoints = raw.keyPoints.filter((k) => claimSupport(k.text, textsOf(k.sentences)).supported);
  return { ...raw, summary, keyPoints };
}

/** The texts a briefing source offers as evidence: its analysis and its sentences. */
export interface BriefingEvidence {
  n: number;
  texts: string[];
}

/**
 * A briefing whose overview and key points are supported by the sources they cite; unsafe text
 * or an overview with nothing supported left rejects it.
 */
export function vetBriefing(raw: RawBriefing, evidence: readonly BriefingEvidence[]): RawBriefing {
  const all = evidence.flatMap((e) => e.texts);
  const unsafe = unsafeOutput([raw.overview.text, ...raw.keyPoints.map((k) => k.text)].join('\n'), all);
  if (unsafe) reject('brief', unsafe);
  const byN = new Map(evidence.map((e) => [e.n, e.texts]));
  const textsOf = (ns: readonly number[]) => {
    const picked = ns.flatMap((n) => byN.get(n) ?? []);
    return picked.length ? picked : all;
  };
  const vetItem = (item: RawBriefing['overview']) => ({
    text: supportedClaims(item.text, (inline) => textsOf([...inline, ...item.sources])),
    sources: item.sources,
  });
  const overview = vetItem(raw.overview);
  if (!overview.text) reject('brief', 'no claim of the overview is supported by its sources');
  return { overview, keyPoints: raw.keyPoints.map(vetItem).filter((k) => k.text.length > 0) };
}

/**
 * An answer whose every shown claim is supported by the passages it cites: quotes checked first
 * (grounding), then claims; a "supported" answer with no supported cited claim left, or unsafe
 * text, rejects it. Titles count as evidence: "What happened: <title>?" answers cite them.
 */
export function vetAnswer(raw: RawAnswer, input: AnswerInput): RawAnswer {
  const bySource = new Map<number, string[]>();
  for (const p of input.passages) bySource.set(p.sourceNo, [...(bySource.get(p.sourceNo) ?? []), p.text]);
  for (const [n, meta] of input.sources ?? []) bySource.get(n)?.push(meta.title);
  const all = [...bySource.values()].flat();
  const unsafe = unsafeOutput(raw.answer, [...all, input.question]);
  if (unsafe) reject('answer', unsafe);
  if (!raw.supported) return raw;
  const grounded = groundAnswer(raw.answer, input.passages);
  const kept = splitClaims(grounded.text).filter((c) => {
    const texts = c.cited.length ? c.cited.flatMap((n) => bySource.get(n) ?? []) : all;
    return claimSupport(c.text.replace(/\s?\[\d+\]/g, ''), texts).supported;
  });
  if (!kept.some((c) => c.cited.some((n) => bySource.has(n)))) {
    reject('answer', 'no cited claim is supported by the passages it cites');
  }
  return {
    answer: kept
      .map((c) => c.raw)
      .join('')
      .trim(),
    supported: true,
  };
}
