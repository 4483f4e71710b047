/**
 * Actor extraction: precision/recall/F1 of names (and names+types) against the founding
 * article's hand-written gold list, and speed over BBC articles. Run: npx tsx bench/actors-eval.ts [n]
 */

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { extractActors } from '../src/actors/extract.ts';
import { normaliseAlias } from '../src/actors/normalise.ts';
import { documentToArticle } from '../src/ingest/document-to-article.ts';
import { cleanArticleText } from '../src/text/clean.ts';
import { splitSentences } from '../src/text/sentences.ts';
import { readJsonl } from './datasets.ts';

interface Gold {
  article: string;
  actors: { name: string; type: string }[];
}

interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

export interface ActorsEvalResult {
  goldActors: number;
  extracted: number;
  names: Prf;
  namesAndTypes: Prf;
  spurious: string[];
  missed: string[];
  quotes: number;
  relations: number;
  bbc?: { articles: number; msPerArticle: number; actorsPerArticle: number };
}

const ROOT = resolve(import.meta.dirname, '..');

function prf(found: Set<string>, expected: Set<string>): Prf {
  const tp = [...found].filter((x) => expected.has(x)).length;
  const p = found.size ? tp / found.size : 0;
  const r = expected.size ? tp / expected.size : 0;
  const pct = (x: number) => Math.round(x * 1000) / 10;
  return { precision: pct(p), recall: pct(r), f1: pct(p + r ? (2 * p * r) / (p + r) : 0) };
}

/** Scores extraction on the founding article and times it over the first `n` BBC articles. */
export async function runActorsEval(n = 300): Promise<ActorsEvalResult> {
  const gold = JSON.parse(readFileSync(resolve(ROOT, 'tests/fixtures/founding-actors.json'), 'utf8')) as Gold;
  const doc = await documentToArticle({
    name: gold.article,
    bytes: readFileSync(resolve(ROOT, gold.article)),
  });
  if (!doc.ok) throw new Error(`cannot read ${gold.article}: ${doc.message}`);
  const result = extractActors(doc.value.title, splitSentences(cleanArticleText(doc.value.text)));
  const key = (name: string) => normaliseAlias(name);
  const goldKeys = new Set(gold.actors.map((a) => key(a.name)));
  const extracted = new Set(result.actors.map((a) => key(a.name)));
  const out: ActorsEvalResult = {
    goldActors: gold.actors.length,
    extracted: result.actors.length,
    names: prf(extracted, goldKeys),
    namesAndTypes: prf(
      new Set(result.actors.map((a) => `${a.type}:${key(a.name)}`)),
      new Set(gold.actors.map((a) => `${a.type}:${key(a.name)}`)),
    ),
    spurious: result.actors.filter((a) => !goldKeys.has(key(a.name))).map((a) => a.name),
    missed: gold.actors.filter((a) => !extracted.has(key(a.name))).map((a) => a.name),
    quotes: result.quotes.length,
    relations: result.relations.length,
  };
  const bbc = readJsonl<{ title: string; text: string }>('bbc-news-2225.jsonl');
  if (bbc) {
    const articles = bbc
      .slice(0, n)
      .map((a) => ({ title: a.title, sentences: splitSentences(cleanArticleText(a.text)) }));
    // Warm-up pass so the timing measures steady state, not JIT compilation.
    for (const a of articles) extractActors(a.title, a.sentences);
    const t0 = performance.now();
    let actors = 0;
    for (const a of articles) actors += extractActors(a.title, a.sentences).actors.length;
    const ms = performance.now() - t0;
    out.bbc = {
      articles: articles.length,
      msPerArticle: Math.round((ms / articles.length) * 1000) / 1000,
      actorsPerArticle: Math.round((actors / articles.length) * 10) / 10,
    };
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await runActorsEval(Number(process.argv[2] ?? 300)), null, 2));
}
