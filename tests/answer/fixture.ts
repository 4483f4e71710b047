import { readFileSync } from 'node:fs';
import type { AnswerInput, AnswerPassage } from '../../src/llm/engine.ts';
import { cleanArticleText } from '../../src/text/clean.ts';
import { splitSentences } from '../../src/text/sentences.ts';
import { contentTerms } from '../../src/text/tokens.ts';

const ARTICLE = new URL('../../../shared/corpus/belarus-putin-lukashenko.txt', import.meta.url);

/** The founding article's cleaned sentences as passages (sourceNo 1, ordinal = index). */
export const PASSAGES: AnswerPassage[] = splitSentences(cleanArticleText(readFileSync(ARTICLE, 'utf8'))).map(
  (s, i) => ({ sourceNo: 1, articleId: 1, ordinal: i, text: s.text }),
);

/** Actors as the caller's registry would resolve them. */
export const ACTORS = {
  putin: { name: 'Vladimir Putin', aliases: ['Putin', 'Vladimir Putin'] },
  lukashenko: { name: 'Alexander Lukashenko', aliases: ['Lukashenko', 'Alexander Lukashenko'] },
  tsepkalo: { name: 'Valery Tsepkalo', aliases: ['Tsepkalo', 'Valery Tsepkalo'] },
  tsikhanouskaya: { name: 'Sviatlana Tsikhanouskaya', aliases: ['Tsikhanouskaya'] },
  gouldDavies: { name: 'Nigel Gould-Davies', aliases: ['Gould-Davies'] },
  vinogradov: { name: 'Mikhail Vinogradov', aliases: ['Vinogradov'] },
  eu: { name: 'European Union', aliases: ['EU', 'European Union'] },
  russia: { name: 'Russia', aliases: ['Russia', 'Moscow'] },
  belarus: { name: 'Belarus', aliases: ['Belarus'] },
};

/** The top-k passages by plain content-word overlap, renumbered as sources 1..k (a cruder retriever). */
export function topK(question: string, k: number): AnswerPassage[] {
  const q = new Set(contentTerms(question));
  return PASSAGES.map((p) => ({ p, s: contentTerms(p.text).filter((t) => q.has(t)).length }))
    .sort((a, b) => b.s - a.s || a.p.ordinal - b.p.ordinal)
    .slice(0, k)
    .map(({ p }, i) => ({ ...p, sourceNo: i + 1 }));
}

/** An AnswerInput over the given passages (all sentences by default). */
export function ask(
  question: string,
  focusActors: AnswerInput['focusActors'] = [],
  passages: AnswerPassage[] = PASSAGES,
): AnswerInput {
  return { question, focusActors, passages, history: [] };
}
