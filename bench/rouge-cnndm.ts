/**
 * ROUGE bench: the offline extractive summariser against Lead-3 on 250 CNN/DailyMail test articles.
 * Usage: npx tsx bench/rouge-cnndm.ts [--json out.json] [--limit N]
 * ROUGE follows rouge_score (lower-case, [a-z0-9] tokens, Porter stem > 3 chars); R-L is rouge_score's
 * `rougeL` (one LCS over the whole text), so it reads lower than the summary-level `rougeLsum`.
 * Articles go through the product's ingest (cleanArticleText, splitSentences). "lead-3" is the first
 * three sentences of that cleaned text; ingest puts glued photo captions on lines of their own, and
 * "lead-3 (units)" is the first three split units with those caption lines included.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  CNNDM_PATH,
  type EvalArticle,
  type EvalResult,
  evaluate,
  hasCnndm,
  leadSentences,
  loadCnndm,
  pairedBootstrap,
} from '../src/eval/cnndm.ts';
import { selectSummarySentences } from '../src/llm/offline/summarise.ts';

/** One bench row: a system under one budget. */
export interface RougeBenchRow {
  system: string;
  budget: string;
  rouge1: number;
  rouge2: number;
  rougeL: number;
  avgWords: number;
  msPerArticle: number;
}

/** Ours minus the Lead baseline of the same budget, mean and 95% paired-bootstrap interval. */
export interface RougeBenchDelta {
  budget: string;
  metric: 'rouge1' | 'rouge2' | 'rougeL';
  mean: number;
  ci95: [number, number];
}

/** What the bench measured; `undefined` from runRougeBench means the dataset is missing. */
export interface RougeBenchResult {
  dataset: string;
  articles: number;
  rows: RougeBenchRow[];
  deltas: RougeBenchDelta[];
}

const WORDS = 75;

function row(system: string, budget: string, r: EvalResult): RougeBenchRow {
  const round = (x: number, d = 2) => Number(x.toFixed(d));
  return {
    system,
    budget,
    rouge1: round(r.rouge1),
    rouge2: round(r.rouge2),
    rougeL: round(r.rougeL),
    avgWords: round(r.avgWords, 1),
    msPerArticle: round(r.msPerArticle, 3),
  };
}

function deltas(budget: string, ours: EvalResult, lead: EvalResult): RougeBenchDelta[] {
  return (['rouge1', 'rouge2', 'rougeL'] as const).map((metric) => {
    const a = ours.perArticle.map((p) => p[metric]);
    const b = lead.perArticle.map((p) => p[metric]);
    const [lo, hi] = pairedBootstrap(a, b);
    const mean = ours[metric] - lead[metric];
    return {
      budget,
      metric,
      mean: Number(mean.toFixed(2)),
      ci95: [Number(lo.toFixed(2)), Number(hi.toFixed(2))],
    };
  });
}

/** Runs Lead-3 and the offline summariser at a 3-sentence and a 75-word budget. */
export function runRougeBench(options: { path?: string; limit?: number } = {}): RougeBenchResult | undefined {
  const path = options.path ?? CNNDM_PATH;
  if (!hasCnndm(path)) return undefined;
  const articles: EvalArticle[] = loadCnndm(path, options.limit);
  const three = '3 sentences';
  const words = `${WORDS} words`;
  // The baseline: the first three sentences of the cleaned article (caption lines are not sentences).
  const lead3 = evaluate(articles, (a) => leadSentences(a.sentences, 3));
  // For reference: the first three split units, caption lines included.
  const lead3Units = evaluate(articles, (a) =>
    leadSentences(a.sentences, 3, Number.POSITIVE_INFINITY, false),
  );
  const ours3 = evaluate(articles, (a) =>
    selectSummarySentences(a.title, a.sentences, { maxWords: Number.POSITIVE_INFINITY, maxSentences: 3 }),
  );
  // Same rule for both at the word budget: whole sentences while the total stays within 75 words.
  const leadW = evaluate(articles, (a) => leadSentences(a.sentences, Number.POSITIVE_INFINITY, WORDS));
  // The notes' convention for capped baselines: Lead-3 cut at the 75th word (mid-sentence).
  const lead3Cut = evaluate(articles, (a) => leadSentences(a.sentences, 3), WORDS);
  const lead3UnitsCut = evaluate(
    articles,
    (a) => leadSentences(a.sentences, 3, Number.POSITIVE_INFINITY, false),
    WORDS,
  );
  const oursW = evaluate(articles, (a) => selectSummarySentences(a.title, a.sentences, { maxWords: WORDS }));
  const oursNoTitle = evaluate(articles, (a) => selectSummarySentences('', a.sentences, { maxWords: WORDS }));
  return {
    dataset: path,
    articles: articles.length,
    rows: [
      row('lead-3', three, lead3),
      row('lead-3 (units)', three, lead3Units),
      row('offline', three, ours3),
      row('lead (sentences)', words, leadW),
      row('lead-3 (cut at word)', words, lead3Cut),
      row('lead-3 units (cut)', words, lead3UnitsCut),
      row('offline', words, oursW),
      row('offline, no title', words, oursNoTitle),
    ],
    deltas: [
      ...deltas(three, ours3, lead3),
      ...deltas(`${three} vs lead-3 units`, ours3, lead3Units),
      ...deltas(`${words} vs lead (sentences)`, oursW, leadW),
      ...deltas(`${words} vs lead-3 cut`, oursW, lead3Cut),
      ...deltas(`${words} vs lead-3 units cut`, oursW, lead3UnitsCut),
    ],
  };
}

function printTable(result: RougeBenchResult): void {
  console.log(`ROUGE F1 x100 on ${result.articles} CNN/DM articles (${result.dataset})`);
  console.log('system                 budget        R-1    R-2    R-L    words  ms/article');
  for (const r of result.rows) {
    const cells = [r.rouge1, r.rouge2, r.rougeL].map((x) => x.toFixed(2).padStart(6)).join(' ');
    console.log(
      `${r.system.padEnd(22)} ${r.budget.padEnd(12)} ${cells} ${r.avgWords.toFixed(1).padStart(6)}  ${r.msPerArticle.toFixed(3)}`,
    );
  }
  console.log('\nours - lead (mean, 95% paired bootstrap interval)');
  for (const d of result.deltas) {
    console.log(
      `${d.budget.padEnd(32)} ${d.metric.padEnd(7)} ${d.mean.toFixed(2).padStart(6)}  [${d.ci95[0]}, ${d.ci95[1]}]`,
    );
  }
}

function main(argv: string[]): void {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const limit = flag('--limit');
  const result = runRougeBench(limit ? { limit: Number(limit) } : {});
  if (!result) {
    console.error(`CNN/DM dataset not found at ${CNNDM_PATH}; skipping.`);
    process.exitCode = 1;
    return;
  }
  printTable(result);
  const out = flag('--json');
  if (out) writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
