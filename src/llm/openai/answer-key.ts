/**
 * The cache inputs of an answer: what decides it, and nothing that merely varies between
 * askings. The question normalised (case, spacing, final punctuation), the focus actors it was
 * resolved to, each passage shown by its place and a hash of its text (never a store id: the same
 * article has another id in another server), the sources' titles, and history only when it was
 * sent (questions that need it). Task, prompt version and model are added by the cache key.
 */
import type { AnswerInput } from '../engine.ts';
import { digest } from './digest.ts';
import { quoteSpeakers } from './prompts.ts';

/** Lower-cased, single-spaced, without trailing punctuation or quotes: "Who is Dubois ?" = "who is dubois". */
export function normaliseQuestion(question: string): string {
  return question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/\s+/g, ' ')
    .replace(/[\s?!.…"'”“]+$/u, '')
    .trim();
}

/** The answer's cache inputs, in a canonical order (the prompt shows sources by n, passages by position). */
export function answerKeyInputs(input: AnswerInput): string[] {
  const quoteBy = quoteSpeakers(input);
  const passages = [...input.passages]
    .sort((a, b) => a.sourceNo - b.sourceNo || a.ordinal - b.ordinal)
    .map(
      (p) =>
        `${p.sourceNo}:${p.ordinal}:${digest(p.text)}:${quoteBy.get(`${p.articleId}:${p.ordinal}`) ?? ''}`,
    );
  const sources = [...(input.sources ?? new Map()).entries()]
    .sort(([a], [b]) => a - b)
    .map(([n, meta]) => `${n}:${digest(`${meta.title}\u0000${meta.publishedAt ?? ''}`)}`);
  const actors = input.focusActors.map((a) => a.name).sort();
  return [
    `q:${normaliseQuestion(input.question)}`,
    `actors:${JSON.stringify(actors)}`,
    `passages:${digest(JSON.stringify(passages))}`,
    `sources:${digest(JSON.stringify(sources))}`,
    `history:${input.history.length ? digest(JSON.stringify(input.history)) : ''}`,
  ];
}
