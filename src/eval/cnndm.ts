/**
 * CNN/DailyMail evaluation helpers shared by the ROUGE bench and the summariser's quality test.
 * The dataset lives outside the repository (third-party text): ../shared/datasets from the repo root.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cleanArticleText } from '../text/clean.ts';
import { type SplitSentence, splitSentences } from '../text/sentences.ts';
import { rouge } from './rouge.ts';

/** Default location of the 250-article CNN/DM test sample. */
export const CNNDM_PATH = fileURLToPath(
  new URL('../../../shared/datasets/cnndm-test-250.jsonl', import.meta.url),
);

/** One evaluation article, cleaned and split as the product's ingest would. */
export interface EvalArticle {
  id: string;
  /** Headline recovered from the URL slug; CNN/DM rows carry no title field. */
  title: string;
  sentences: SplitSentence[];
  /** Reference highlights, still in the dataset's tokenised form (ROUGE tokenises both sides alike). */
  reference: string;
}

/** A summariser under evaluation: returns chosen sentence indexes. */
export type Summariser = (article: EvalArticle) => number[];

/** Mean F1 × 100 per ROUGE variant plus average summary length. */
export interface EvalResult {
  rouge1: number;
  rouge2: number;
  rougeL: number;
  avgWords: number;
  msPerArticle: number;
  /** F1 × 100 per article, in input order, for paired comparisons. */
  perArticle: { rouge1: number; rouge2: number; rougeL: number }[];
}

/** Turns a URL's last meaningful path segment into a rough headline ("Gary-Locke-set-..."). */
export function titleFromUrl(url: string): string {
  const segments = url
    .replace(/[?#].*$/, '')
    .split('/')
    .filter((s) => s && !/^index\.html?$/i.test(s));
  const slug = (segments.at(-1) ?? '').replace(/\.html?$/i, '');
  return slug
    .replace(/^(article-\d+|feat)-?/i, '')
    .replace(/[-_]+/g, ' ')
    .trim();
}

/** True when the dataset file is present (CI and dev machines share the ../shared layout). */
export function hasCnndm(path = CNNDM_PATH): boolean {
  return existsSync(path);
}

/** Loads and prepares the CNN/DM sample (optionally only the first `limit` rows). */
export function loadCnndm(path = CNNDM_PATH, limit = Number.POSITIVE_INFINITY): EvalArticle[] {
  const rows = readFileSync(path, 'utf8').split('\n').filter(Boolean).slice(0, limit);
  return rows.map((line) => {
    const row = JSON.parse(line) as { id: string; url: string; article: string; reference: string };
    return {
      id: row.id,
      title: titleFromUrl(row.url),
      sentences: splitSentences(cleanArticleText(row.article)),
      reference: row.reference,
    };
  });
}

/** Keeps the first `maxWords` whitespace words: the truncation convention of capped baselines. */
export function truncateWords(text: string, maxWords: number): string {
  return text.trim().split(/\s+/).slice(0, maxWords).join(' ');
}

/** Runs a summariser over articles and averages ROUGE F1 (× 100) against the references. */
export function evaluate(
  articles: readonly EvalArticle[],
  summarise: Summariser,
  truncateTo = Number.POSITIVE_INFINITY,
): EvalResult {
  let r1 = 0;
  let r2 = 0;
  let rl = 0;
  let words = 0;
  let ms = 0;
  const perArticle: EvalResult['perArticle'] = [];
  for (const article of articles) {
    const start = performance.now();
    const picked = summarise(article);
    ms += performance.now() - start;
    let text = picked.map((i) => article.sentences[i]?.text ?? '').join(' ');
    if (Number.isFinite(truncateTo)) text = truncateWords(text, truncateTo);
    words += text.trim() ? text.trim().split(/\s+/).length : 0;
    const s = rouge(text, article.reference);
    r1 += s.rouge1.f1;
    r2 += s.rouge2.f1;
    rl += s.rougeL.f1;
    perArticle.push({ rouge1: 100 * s.rouge1.f1, rouge2: 100 * s.rouge2.f1, rougeL: 100 * s.rougeL.f1 });
  }
  const n = Math.max(1, articles.length);
  return {
    rouge1: (100 * r1) / n,
    rouge2: (100 * r2) / n,
    rougeL: (100 * rl) / n,
    avgWords: words / n,
    msPerArticle: ms / n,
    perArticle,
  };
}

/**
 * True for a unit that ends like a sentence. Ingest moves glued photo captions to lines of their own,
 * and those (like subheads) carry no sentence punctuation: they are not sentences of the article.
 */
export function isFullSentence(text: string): boolean {
  return /[.!?…]["”’'»)\]]*$/.test(text.trim());
}

/**
 * Lead-k: the first k sentences, optionally stopping before `maxWords` would be exceeded. By default
 * caption and subhead lines are skipped (the baseline is the first k *sentences* of the cleaned
 * article); `fullOnly: false` takes the first k split units whatever they are.
 */
export function leadSentences(
  sentences: readonly { text: string }[],
  k: number,
  maxWords = Number.POSITIVE_INFINITY,
  fullOnly = true,
): number[] {
  const out: number[] = [];
  let used = 0;
  for (let i = 0; i < sentences.length && out.length < k; i++) {
    const text = sentences[i]!.text;
    if (fullOnly && !isFullSentence(text)) continue;
    const w = text.trim().split(/\s+/).length;
    if (out.length > 0 && used + w > maxWords) break;
    out.push(i);
    used += w;
  }
  if (out.length === 0 && fullOnly) return leadSentences(sentences, k, maxWords, false);
  return out;
}

/**
 * 95% paired bootstrap interval of mean(a - b), deterministic (fixed-seed LCG) so runs compare.
 * Tells whether a difference on a few hundred articles is more than noise.
 */
export function pairedBootstrap(a: readonly number[], b: readonly number[], rounds = 2000): [number, number] {
  const n = Math.min(a.length, b.length);
  if (n === 0) return [0, 0];
  const diffs = Array.from({ length: n }, (_, i) => a[i]! - b[i]!);
  let seed = 12345;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const means: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += diffs[Math.floor(next() * n)]!;
    means.push(sum / n);
  }
  means.sort((x, y) => x - y);
  return [means[Math.floor(0.025 * rounds)]!, means[Math.floor(0.975 * rounds)]!];
}
