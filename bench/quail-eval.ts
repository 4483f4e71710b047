/**
 * QuAIL (news) diagnostic for the offline answerer: retrieves sentences with a plain BM25, asks
 * answerFromPassages, and checks whether the cited sentence(s) hold the gold answer's content
 * words; for Unanswerable questions, whether we said "don't say". Many QuAIL questions need
 * inference the extractive answerer cannot do, so these numbers are a diagnostic, not a target.
 * Run: npx tsx bench/quail-eval.ts
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AnswerPassage } from '../src/llm/engine.ts';
import { answerFromPassages } from '../src/llm/offline/answer.ts';
import { cleanArticleText } from '../src/text/clean.ts';
import { splitSentences } from '../src/text/sentences.ts';
import { contentTerms } from '../src/text/tokens.ts';

const DATASET = new URL('../../shared/datasets/quail-news-dev-540.jsonl', import.meta.url);
const TOP_K = 12;

interface QuailRow {
  id: string;
  context: string;
  question: string;
  question_type: string;
  answer: string;
}

export interface QuailTypeStats {
  questions: number;
  /** Share answered (supported: true). */
  supported: number;
  /** Share whose cited sentences hold ≥ half the gold answer's content words (answerable types). */
  citedHit: number;
  /** citedHit among the questions we answered: precision of what we do say. */
  hitWhenSupported: number;
  /** The same check on BM25's top sentence, as a baseline. */
  bm25Hit: number;
  /** Share where we said the articles don't say (the right call for Unanswerable). */
  saidUnsupported: number;
}

/** Runs the diagnostic; returns per-question_type rates (0–1) and an 'all answerable' row. */
export function evaluateQuail(path: string | URL = DATASET): Record<string, QuailTypeStats> {
  const rows = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as QuailRow);
  const sentencesByText = new Map<string, string[]>();
  const acc = new Map<string, { n: number; sup: number; hit: number; base: number; uns: number }>();
  const bump = (key: string, sup: boolean, hit: boolean, base: boolean) => {
    const a = acc.get(key) ?? { n: 0, sup: 0, hit: 0, base: 0, uns: 0 };
    a.n++;
    a.sup += sup ? 1 : 0;
    a.hit += hit ? 1 : 0;
    a.base += base ? 1 : 0;
    a.uns += sup ? 0 : 1;
    acc.set(key, a);
  };

  for (const row of rows) {
    let sentences = sentencesByText.get(row.context);
    if (!sentences) {
      sentences = splitSentences(cleanArticleText(row.context)).map((s) => s.text);
      sentencesByText.set(row.context, sentences);
    }
    const ranked = bm25(row.question, sentences).slice(0, TOP_K);
    const passages: AnswerPassage[] = ranked.map((ordinal, i) => ({
      sourceNo: i + 1,
      articleId: 1,
      ordinal,
      text: sentences[ordinal]!,
    }));
    const draft = answerFromPassages({ question: row.question, focusActors: [], passages, history: [] });
    const gold = new Set(contentTerms(row.answer));
    const cited = draft.cited.map((n) => passages[n - 1]!.text).join(' ');
    const hit = draft.supported && holds(cited, gold);
    const base = passages.length > 0 && holds(passages[0]!.text, gold);
    bump(row.question_type, draft.supported, hit, base);
    if (row.question_type !== 'Unanswerable') bump('all answerable', draft.supported, hit, base);
  }

  const out: Record<string, QuailTypeStats> = {};
  for (const [key, a] of [...acc].sort(([x], [y]) => x.localeCompare(y))) {
    out[key] = {
      questions: a.n,
      supported: a.sup / a.n,
      citedHit: a.hit / a.n,
      hitWhenSupported: a.sup ? a.hit / a.sup : 0,
      bm25Hit: a.base / a.n,
      saidUnsupported: a.uns / a.n,
    };
  }
  return out;
}

function holds(text: string, gold: Set<string>): boolean {
  if (gold.size === 0) return false;
  const terms = new Set(contentTerms(text));
  let found = 0;
  for (const t of gold) if (terms.has(t)) found++;
  return found / gold.size >= 0.5;
}

/** Sentence indexes by Okapi BM25 (k1 1.2, b 0.75) over stemmed content terms, best first. */
function bm25(query: string, sentences: string[]): number[] {
  const docs = sentences.map((s) => contentTerms(s));
  const avg = docs.reduce((s, d) => s + d.length, 0) / Math.max(docs.length, 1);
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const q = [...new Set(contentTerms(query))];
  const scores = docs.map((d, i) => {
    let s = 0;
    for (const t of q) {
      const tf = d.filter((x) => x === t).length;
      if (!tf) continue;
      const idf = Math.log(1 + (docs.length - df.get(t)! + 0.5) / (df.get(t)! + 0.5));
      s += (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * d.length) / avg));
    }
    return { i, s };
  });
  return scores
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.i);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const stats = evaluateQuail();
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
  console.log('question_type         n  supported  citedHit  hit|sup  bm25Hit  saidUnsupported');
  for (const [key, s] of Object.entries(stats)) {
    console.log(
      `${key.padEnd(20)} ${String(s.questions).padStart(3)}  ${pct(s.supported)}   ${pct(s.citedHit)}  ${pct(s.hitWhenSupported)}  ${pct(s.bm25Hit)}  ${pct(s.saidUnsupported)}`,
    );
  }
}
