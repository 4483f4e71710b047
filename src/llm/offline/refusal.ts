/**
 * The offline engine's refusal: a fixed sentence, then what was looked for (the actors the
 * question names and its content words). Rewording the question itself produced broken English
 * ("…don't say what did X send"), so the question is never restated.
 */
import { FILLER_WORDS, HONORIFICS } from '../../text/lexicon.ts';
import { STOPWORDS, words } from '../../text/tokens.ts';

export const NOT_SAID = "The stored articles don't say.";

const QUESTION_WORDS = new Set([
  'who',
  'whom',
  'whose',
  'what',
  'which',
  'when',
  'where',
  'why',
  'how',
  'tell',
  'me',
]);
const MAX_TERMS = 6;

const HONORIFIC_WORDS = new Set([...HONORIFICS].map((h) => h.toLowerCase()));

/**
 * "The stored articles don't say. Searched for Microsoft and for “recall”, “cost”." The words of
 * the actors' other names ("FA" for the Football Association) and honorifics ("Sir") are part of
 * the names listed, not terms of their own.
 */
export function refusal(
  question: string,
  actorNames: readonly string[],
  otherNames: readonly string[] = [],
): string {
  const nameWords = new Set([...actorNames, ...otherNames].flatMap((n) => words(n)));
  for (const h of HONORIFIC_WORDS) nameWords.add(h);
  const terms = [
    ...new Set(
      words(question).filter(
        (w) =>
          w.length > 1 &&
          !STOPWORDS.has(w) &&
          !QUESTION_WORDS.has(w) &&
          !FILLER_WORDS.has(w) &&
          !nameWords.has(w.replace(/['’]s$/u, '')),
      ),
    ),
  ].slice(0, MAX_TERMS);
  const names = [...new Set(actorNames)];
  const quoted = terms.map((t) => `“${t}”`).join(', ');
  if (names.length && terms.length) return `${NOT_SAID} Searched for ${listOf(names)} and for ${quoted}.`;
  if (names.length) return `${NOT_SAID} Searched for ${listOf(names)}.`;
  if (terms.length) return `${NOT_SAID} Searched for ${quoted}.`;
  return NOT_SAID;
}

function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
