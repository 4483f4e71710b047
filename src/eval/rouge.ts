/**
 * ROUGE-1, ROUGE-2 and ROUGE-L following Google's rouge_score conventions, so numbers compare with
 * the team notes and published tables: lower-case, tokens are runs of [a-z0-9] (everything else is a
 * separator, so "Locke 's" and "Locke’s" both give `locke s`), Porter stem for tokens longer than 3.
 *
 * ROUGE-L here is rouge_score's `rougeL`: one LCS over the whole token sequence of each side
 * (no sentence splitting), not the summary-level union-LCS `rougeLsum`.
 */
import { stem } from '../text/tokens.ts';

/** Precision, recall and F1 of one ROUGE variant, each in [0, 1]. */
export interface RougeScore {
  precision: number;
  recall: number;
  f1: number;
}

/** ROUGE-1, ROUGE-2 and ROUGE-L of one candidate against one reference. */
export interface RougeScores {
  rouge1: RougeScore;
  rouge2: RougeScore;
  rougeL: RougeScore;
}

/** rouge_score's tokeniser: lower-case [a-z0-9] runs, Porter-stemmed when longer than 3 characters. */
export function rougeTokens(text: string): string[] {
  const raw = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return raw.map(stem);
}

function score(overlap: number, candidateCount: number, referenceCount: number): RougeScore {
  const precision = candidateCount > 0 ? overlap / candidateCount : 0;
  const recall = referenceCount > 0 ? overlap / referenceCount : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** ROUGE-N over token arrays: clipped n-gram overlap, as rouge_score counts it. */
export function rougeN(candidate: readonly string[], reference: readonly string[], n: number): RougeScore {
  const cand = ngramCounts(candidate, n);
  const ref = ngramCounts(reference, n);
  let overlap = 0;
  for (const [gram, count] of cand) overlap += Math.min(count, ref.get(gram) ?? 0);
  const candTotal = Math.max(0, candidate.length - n + 1);
  const refTotal = Math.max(0, reference.length - n + 1);
  return score(overlap, candTotal, refTotal);
}

/** Length of the longest common subsequence (two-row dynamic programme). */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let prev = new Uint32Array(b.length + 1);
  let curr = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    const ai = a[i - 1];
    for (let j = 1; j <= b.length; j++) {
      curr[j] = ai === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, curr[j - 1]!);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[b.length]!;
}

/** ROUGE-L over token arrays (LCS-based precision, recall, F1). */
export function rougeL(candidate: readonly string[], reference: readonly string[]): RougeScore {
  return score(lcsLength(candidate, reference), candidate.length, reference.length);
}

/** Scores a candidate text against a reference text with ROUGE-1, ROUGE-2 and ROUGE-L. */
export function rouge(candidate: string, reference: string): RougeScores {
  const cand = rougeTokens(candidate);
  const ref = rougeTokens(reference);
  return { rouge1: rougeN(cand, ref, 1), rouge2: rougeN(cand, ref, 2), rougeL: rougeL(cand, ref) };
}
