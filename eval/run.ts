/**
 * `npm run eval`: the offline engine on held-out data (see eval/README.md for how it was annotated).
 * Usage: node --import tsx eval/run.ts [--split dev|test|all] [--failures] [--json FILE]
 * Tune on dev; the test split is only reported.
 */
import { writeFileSync } from 'node:fs';
import { runRougeBench } from '../bench/rouge-cnndm.ts';
import { runActors } from './actors.ts';
import { loadSplit, type Split } from './annotations.ts';
import { runForms } from './forms.ts';
import { runQa } from './qa.ts';

const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const which = flag('--split') ?? 'all';
const splits: Split[] = which === 'all' ? ['dev', 'test'] : [which as Split];
const showFailures = argv.includes('--failures');
const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '—');
const report: Record<string, unknown> = {};

for (const split of splits) {
  const data = loadSplit(split);
  if (typeof data === 'string') {
    console.error(`eval: ${data}`);
    process.exit(1);
  }
  console.log(
    `\n== ${split}: ${data.articles.length} articles, ${data.questions.length} questions ×2 phrasings, ${data.unanswerable.length} unanswerable ×2 ==`,
  );
  const qa = await runQa(data);
  console.log('answers           n    offline    top-1 BM25');
  for (const p of ['plain', 'rephrased'] as const) {
    const a = qa.answerable[p];
    console.log(
      `  ${p.padEnd(12)} ${String(a.n).padStart(4)}   ${pct(a.right, a.n).padStart(7)}    ${pct(a.bm25, a.n).padStart(7)}`,
    );
  }
  console.log('unanswerable refused');
  for (const p of ['plain', 'rephrased'] as const) {
    const u = qa.unanswerable[p];
    console.log(
      `  ${p.padEnd(12)} ${String(u.n).padStart(4)}   ${pct(u.refused, u.n).padStart(7)}    ${pct(u.bm25Refused, u.n).padStart(7)}`,
    );
  }
  const actors = runActors(data);
  console.log(
    `actors on ${actors.articles} articles: precision ${pct(actors.right, actors.extracted)} (${actors.right}/${actors.extracted}), recall ${(100 * actors.recall).toFixed(1)}%, person-type precision ${(100 * actors.personPrecision).toFixed(1)}%, person recall ${(100 * actors.personRecall).toFixed(1)}%`,
  );
  if (showFailures) {
    for (const c of qa.cases.filter((x) => !x.right)) {
      console.log(
        `  ✗ [${c.article}] ${c.question}\n      → ${c.supported ? '' : '(refused) '}${c.answer.slice(0, 220)}`,
      );
    }
    for (const w of actors.wrong) console.log(`  ✗ actor ${w}`);
    for (const m of actors.missedPeople) console.log(`  ? missed person ${m}`);
  }
  report[split] = {
    answerable: qa.answerable,
    unanswerable: qa.unanswerable,
    actors: { ...actors, wrong: actors.wrong.length, missedPeople: actors.missedPeople.length },
  };
}

const forms = runForms();
if (forms) {
  console.log(
    '\nforms kept whole in the BBC corpus (articles with the form / of those, extracted as an actor)',
  );
  for (const f of forms)
    console.log(
      `  ${f.form.padEnd(16)} ${String(f.articles).padStart(5)}  ${String(f.extracted).padStart(5)}  ${pct(f.extracted, f.articles)}`,
    );
  report.forms = forms;
}

const rouge = runRougeBench();
if (rouge) {
  console.log(`\nsummaries on ${rouge.articles} CNN/DM articles (ROUGE F1 ×100)`);
  for (const r of rouge.rows.filter((r) => ['lead-3', 'offline', 'lead (sentences)'].includes(r.system))) {
    console.log(
      `  ${r.system.padEnd(18)} ${r.budget.padEnd(12)} R-1 ${r.rouge1.toFixed(2)}  R-2 ${r.rouge2.toFixed(2)}  R-L ${r.rougeL.toFixed(2)}  words ${r.avgWords}`,
    );
  }
  for (const d of rouge.deltas.filter(
    (d) => d.budget === '3 sentences' || d.budget === '75 words vs lead (sentences)',
  )) {
    console.log(
      `  offline − lead, ${d.budget}, ${d.metric}: ${d.mean.toFixed(2)} [${d.ci95[0]}, ${d.ci95[1]}]`,
    );
  }
  report.rouge = { rows: rouge.rows, deltas: rouge.deltas };
}

const out = flag('--json');
if (out) writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
