/**
 * Actor extraction: precision/recall/F1 of names (and names+types) against the founding
 * article's gold list, and speed over BBC articles. Run: npx tsx bench/actors-eval.ts [n]
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { extractActors } from '../src/actors/extract.ts';
import { normaliseAlias } from '../src/actors/normalise.ts';
import { cleanArticleText } from '../src/text/clean.ts';
import { splitSentences } from '../src/text/sentences.ts';

interface Gold {
  article: string;
  actors: { name: string; type: string }[];
}

const gold = JSON.parse(
  readFileSync(new URL('../tests/fixtures/founding-actors.json', import.meta.url), 'utf8'),
) as Gold;
const founding = readFileSync(gold.article, 'utf8');
const result = extractActors('', splitSentences(cleanArticleText(founding)));

function prf(found: Set<string>, expected: Set<string>) {
  const tp = [...found].filter((x) => expected.has(x)).length;
  const p = found.size ? tp / found.size : 0;
  const r = expected.size ? tp / expected.size : 0;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
}
const fmt = (x: { p: number; r: number; f1: number }) =>
  `P ${(x.p * 100).toFixed(1)}  R ${(x.r * 100).toFixed(1)}  F1 ${(x.f1 * 100).toFixed(1)}`;

const names = prf(
  new Set(result.actors.map((a) => normaliseAlias(a.name))),
  new Set(gold.actors.map((a) => normaliseAlias(a.name))),
);
const typed = prf(
  new Set(result.actors.map((a) => `${a.type}:${normaliseAlias(a.name)}`)),
  new Set(gold.actors.map((a) => `${a.type}:${normaliseAlias(a.name)}`)),
);
const goldKeys = new Set(gold.actors.map((a) => normaliseAlias(a.name)));
const extracted = new Set(result.actors.map((a) => normaliseAlias(a.name)));
console.log('founding article (%d gold actors, %d extracted)', gold.actors.length, result.actors.length);
console.log('  names        ', fmt(names));
console.log('  names+types  ', fmt(typed));
const spurious = result.actors.filter((a) => !goldKeys.has(normaliseAlias(a.name))).map((a) => a.name);
const missed = gold.actors.filter((a) => !extracted.has(normaliseAlias(a.name))).map((a) => a.name);
if (spurious.length) console.log('  spurious:', spurious.join(', '));
if (missed.length) console.log('  missed:  ', missed.join(', '));
console.log('  quotes %d, relations %d', result.quotes.length, result.relations.length);

const n = Number(process.argv[2] ?? 300);
const lines = readFileSync('/work/shared/datasets/bbc-news-2225.jsonl', 'utf8')
  .split('\n')
  .filter(Boolean)
  .slice(0, n);
const articles = lines.map((l) => {
  const { title, text } = JSON.parse(l) as { title: string; text: string };
  return { title, sentences: splitSentences(cleanArticleText(text)) };
});
const words = articles.reduce(
  (sum, a) => sum + a.sentences.reduce((s, x) => s + x.text.split(/\s+/).length, 0),
  0,
);
// Warm-up pass so the timing measures steady state, not JIT compilation.
for (const a of articles) extractActors(a.title, a.sentences);
const t0 = performance.now();
let actors = 0;
for (const a of articles) actors += extractActors(a.title, a.sentences).actors.length;
const ms = performance.now() - t0;
console.log(
  `BBC: ${articles.length} articles, ${Math.round(words / articles.length)} words/article, ${(ms / articles.length).toFixed(3)} ms/article, ${(actors / articles.length).toFixed(1)} actors/article`,
);
