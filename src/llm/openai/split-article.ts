/**
 * Splits a long article into parts that fit the model's input budget, by estimated tokens. No
 * tokenizer: loading one costs ~0.5 s and 150 MiB (see dependencies notes), and an estimate that
 * errs on the large side is all a budget needs.
 */
import { sentenceLine } from './prompts.ts';

/** English averages ~4 characters a token; 3 over-counts on purpose (names, numbers, other scripts). */
const CHARS_PER_TOKEN = 3;

/** Conservative token estimate of a text. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export interface ArticlePart {
  /** Sentences with their article-wide numbers, so the model's references need no remapping. */
  sentences: { n: number; text: string; paragraph: number }[];
}

/**
 * Packs sentences into parts of at most `budgetTokens` (a single longer sentence gets a part of
 * its own). A part ends at a paragraph break when one lies in its second half, so parts read whole.
 */
export function splitByTokenBudget(
  sentences: readonly { text: string; paragraph: number }[],
  budgetTokens: number,
): ArticlePart[] {
  const parts: ArticlePart[] = [];
  let current: ArticlePart['sentences'] = [];
  let used = 0;
  const cost = (s: { n: number; text: string }) => estimateTokens(sentenceLine(s.n, s.text)) + 1;
  sentences.forEach((s, n) => {
    const item = { n, text: s.text, paragraph: s.paragraph };
    while (current.length > 0 && used + cost(item) > budgetTokens) {
      let cut = current.length;
      for (let j = current.length - 1; j >= Math.ceil(current.length / 2); j--) {
        if (current[j]!.paragraph !== current[j - 1]!.paragraph) {
          cut = j;
          break;
        }
      }
      parts.push({ sentences: current.slice(0, cut) });
      current = current.slice(cut);
      used = current.reduce((sum, x) => sum + cost(x), 0);
    }
    current.push(item);
    used += cost(item);
  });
  if (current.length > 0 || parts.length === 0) parts.push({ sentences: current });
  return parts;
}
