import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASETS_DIR } from '../../bench/datasets.ts';
import { formatLlmWorkload, runLlmWorkloadBench } from '../../bench/llm-workload.ts';

const hasBbc = existsSync(resolve(DATASETS_DIR, 'bbc-news-2225.jsonl'));

describe.skipIf(!hasBbc)('LLM workload bench (fake OpenAI server, tiny latency run)', () => {
  it('runs the scripted workload under each cache configuration and accounts for every call', async () => {
    const r = await runLlmWorkloadBench({ hitSamples: 50 });
    // A fallback or an invalid fake reply would mean the numbers are not the LLM path's.
    expect(r.warnings).toBe(0);
    expect(r.workload.questions).toBe(30);
    // Without a cache every engine call reaches the model: 24 ingests, 4 briefs + 2 digests, 30 questions.
    expect(r.configs.noCache.byTask).toMatchObject({
      analyse: { calls: 24 },
      brief: { calls: 6 },
      answer: { calls: 30 },
    });
    // The 4 articles stored in both servers are analysed once; the second /brief of each server hits.
    expect(r.configs.contentAddressed.byTask.analyse.calls).toBe(20);
    expect(r.configs.contentAddressed.byTask.brief.calls).toBe(4);
    expect(r.lookups.analyse.hits).toBe(4);
    expect(r.lookups.brief.hits).toBe(2);
    expect(r.configs.wholePrompt.calls).toBeLessThan(r.configs.noCache.calls);
    expect(r.configs.contentAddressed.promptTokens).toBeLessThan(r.configs.noCache.promptTokens);
    const repeats = r.byStepGroup.find((g) => g.group.startsWith('ask: repeat of a standalone'));
    expect(repeats).toMatchObject({ noCache: 4, contentAddressed: 0, wholePrompt: 0 });
    expect(r.hitLatency.sqlite.p50Ms).toBeGreaterThan(0);
    expect(formatLlmWorkload(r)).toContain('content-addressed');
  });
});
