/**
 * `npm run bench`: every quality and speed number the project reports, printed and saved to
 * bench/results/latest.json (and a dated copy). Benchmarks needing ../shared/datasets say when it is missing.
 * Usage: npm run bench [-- --only rouge,actors,quail,store,pg-store,cache,llm-workload,ingest-ask,scale,ask-scale,hostile,startup,discord-ack,digest-tick,digest-post,pg-digest-procs,fetch,feeds,near-dup]
 *   [--quick] (scale, ask-scale: 2,225 and 10,000 articles only; pg-store: 3,000) [--articles N] (pg-store) [--sizes 2225,30000]
 *   [--ask-dir DIR] (ask-scale: where its data dirs are built once and kept)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { runActorsEval } from './actors-eval.ts';
import { askScaleDir, askScaleSizes, runAskScaleBench } from './ask-scale.ts';
import { runCacheBench } from './cache-bench.ts';
import { runDigestPostBench } from './digest-post.ts';
import { runDigestTickBench } from './digest-tick.ts';
import { runDiscordAckBench } from './discord-ack.ts';
import { runFeedsBench } from './feeds-bench.ts';
import { runFetchBench } from './fetch-bench.ts';
import { runHostileBench } from './hostile.ts';
import { runIngestAskBench } from './ingest-ask.ts';
import { runLlmWorkloadBench } from './llm-workload.ts';
import { runNearDupCostBench } from './near-dup-cost.ts';
import { loadRows, runNearDupEval } from './near-dup-eval.ts';
import { runPgDigestProcessesBench } from './pg-digest-processes.ts';
import { pgStoreBenchSize, runPgStoreBench } from './pg-store-bench.ts';
import { evaluateQuail } from './quail-eval.ts';
import { runRougeBench } from './rouge-cnndm.ts';
import { runScaleBench, scaleSizes } from './scale.ts';
import { runShellStartupBench } from './shell-startup.ts';
import { runStoreBench } from './store-bench.ts';

type Bench = { name: string; run: () => unknown | Promise<unknown> };

const BENCHES: Bench[] = [
  {
    name: 'rouge',
    run: () => runRougeBench() ?? { skipped: 'cnndm-test-250.jsonl not found in ../shared/datasets' },
  },
  { name: 'actors', run: () => runActorsEval(300) },
  { name: 'quail', run: () => evaluateQuail() },
  { name: 'store', run: () => runStoreBench() },
  {
    name: 'pg-store',
    run: async () =>
      (await runPgStoreBench(pgStoreBenchSize(process.argv))) ?? {
        skipped: 'bbc-news-2225.jsonl not found in ../shared/datasets',
      },
  },
  { name: 'cache', run: () => runCacheBench() },
  { name: 'llm-workload', run: () => runLlmWorkloadBench() },
  {
    name: 'ingest-ask',
    run: async () =>
      (await runIngestAskBench(300)) ?? { skipped: 'bbc-news-2225.jsonl not found in ../shared/datasets' },
  },
  {
    name: 'scale',
    run: async () =>
      (await runScaleBench(scaleSizes(process.argv))) ?? {
        skipped: 'bbc-news-2225.jsonl not found in ../shared/datasets',
      },
  },
  {
    name: 'ask-scale',
    run: async () =>
      (await runAskScaleBench(askScaleSizes(process.argv), askScaleDir(process.argv))) ?? {
        skipped: 'bbc-news-2225.jsonl not found in ../shared/datasets',
      },
  },
  { name: 'hostile', run: () => runHostileBench() },
  { name: 'startup', run: () => runShellStartupBench(10) },
  { name: 'discord-ack', run: () => runDiscordAckBench(500) },
  { name: 'fetch', run: () => runFetchBench(400, 8) },
  { name: 'digest-tick', run: () => runDigestTickBench(100_000) },
  {
    // 10,000 digests due in one minute: with discord.js's real 50/s cap (the floor is 400 s), then
    // with the cap raised, so the second run shows the bot's own cost.
    name: 'digest-post',
    run: async () => ({
      capped: await runDigestPostBench({ schedules: 10_000 }),
      uncapped: await runDigestPostBench({ schedules: 10_000, requestsPerSecond: 10_000 }),
    }),
  },
  {
    // 300 digests due at once on PostgreSQL: one bot process, then three shard processes.
    name: 'pg-digest-procs',
    run: async () =>
      (await runPgDigestProcessesBench(300)) ?? { skipped: 'PostgreSQL not reachable on 127.0.0.1:5432' },
  },
  { name: 'feeds', run: () => runFeedsBench(1000, 20) },
  {
    name: 'near-dup',
    run: async () => {
      const quality = runNearDupEval();
      const rows = loadRows();
      if (!quality || !rows) return { skipped: 'bbc-news-2225.jsonl not found in ../shared/datasets' };
      return { ...quality, costWith100kStored: await runNearDupCostBench(rows.map((r) => r.text)) };
    },
  },
];

const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1]?.split(',') : undefined;
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  node: process.version,
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30) },
};
for (const bench of BENCHES) {
  if (only && !only.includes(bench.name)) continue;
  const t = performance.now();
  process.stdout.write(`\n## ${bench.name}\n`);
  try {
    const result = await bench.run();
    results[bench.name] = result;
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } catch (error) {
    results[bench.name] = { error: String(error) };
    process.stdout.write(`failed: ${String(error)}\n`);
  }
  process.stdout.write(`(${((performance.now() - t) / 1000).toFixed(1)} s)\n`);
}
const dir = resolve(import.meta.dirname, 'results');
mkdirSync(dir, { recursive: true });
const latest = resolve(dir, 'latest.json');
// A partial run (--only) updates its own entries and keeps the others' last results.
const merged =
  only && existsSync(latest) ? { ...JSON.parse(readFileSync(latest, 'utf8')), ...results } : results;
const body = `${JSON.stringify(merged, null, 2)}\n`;
writeFileSync(latest, body);
writeFileSync(resolve(dir, `${(results.date as string).slice(0, 10)}.json`), body);
process.stdout.write(`\nSaved bench/results/latest.json\n`);
