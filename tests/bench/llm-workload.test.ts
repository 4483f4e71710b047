import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASETS_DIR } from '../../bench/datasets.ts';
import { formatLlmWorkload, runLlmWorkloadBench } from '../../bench/llm-workload.ts';

const hasBbc = existsSync(resolve(DATASETS_DIR, 'bbc-news-2225.jsonl'));

describe.skipIf(!hasBbc)('LLM workload bench (fake OpenAI server, tiny latency run)', () => {
  it('runs the two-server workload under each cache configuration and accounts for every call', async () => {
    const r = await runLlmWorkloadBench({ hitSamples: 50 });
    // A fallback or an invalid fake reply would mean the numbers are not the LLM path's.
    expect(r.warnings).toBe(0);
    expect(r.workload).toMatchObject({ articles: 50, questions: 30 });
    // Without a cache: 60 ingests analysed (re-ingests are found as duplicates before any call),
    // 4 briefs + 2 digests, 30 questions.
    expect(r.configs.noCache.byTask).toMatchObject({
      analyse: { calls: 60 },
      brief: { calls: 6 },
      answer: { calls: 30 },
    });
    const groups = Object.fromEntries(r.byStepGroup.map((g) => [g.group, g]));
    expect(groups['re-ingest, later process (A, B)']).toMatchObject({ noCache: 0, contentAddressed: 0 });
    // Each distinct article is analysed once; the second /brief of each server is a lookup.
    expect(r.configs.contentAddressed.byTask.analyse.calls).toBe(50);
    expect(groups['brief #2, later process, same articles (A, B)']).toMatchObject({ contentAddressed: 0 });
    expect(groups['ingest B #21-30 (also in A)']).toMatchObject({ noCache: 10, contentAddressed: 0 });
    // Repeats in a later process cost (almost) nothing, never more than an exact-prompt cache.
    const repeats = groups['ask: repeat in a later process (5 per server)']!;
    expect(repeats.contentAddressed).toBeLessThanOrEqual(repeats.wholePrompt);
    expect(repeats.contentAddressed).toBeLessThan(repeats.noCache / 2);
    expect(r.configs.contentAddressed.calls).toBeLessThanOrEqual(r.configs.wholePrompt.calls);
    // The analysis goal: at most 1.2 input tokens per distinct article token.
    expect(r.perArticleToken.contentAddressed.analyse).toBeLessThanOrEqual(1.2);
    expect(formatLlmWorkload(r)).toContain('per distinct article token');
  });
});
