import { describe, expect, it } from 'vitest';
import { prepareArticle } from '../../src/briefing/ingest-article.ts';
import { OfflineEngine } from '../../src/llm/offline/offline-engine.ts';
import { PATHOLOGICAL_TEXTS } from '../helpers/pathological-texts.ts';

/**
 * Ingestion (clean, split, analyse) must grow linearly with the text on any input. Each shape is
 * timed (process CPU time, this test file runs in its own fork) at n and 8n characters within the
 * same test, so a loaded machine slows both alike: linear
 * work gives a ratio near 8, a quadratic step near 64. The bound of 16 leaves room for noise and
 * garbage collection; no absolute time is asserted. Runs alternate sizes and keep each size's
 * fastest of several, the usual way to read a timing through other processes' interference.
 */
// Large enough that every shape has dozens of sentences, so fixed costs do not hide the growth.
const SMALL = 24_000;
const FACTOR = 8;
const MAX_RATIO = 16;
const engine = new OfflineEngine();

/** CPU time of one ingestion, in ms: unlike wall time it does not count other processes' turns. */
async function ingestOnce(text: string): Promise<number> {
  const start = process.cpuUsage();
  await prepareArticle({ title: 'Generated text', text }, engine, 'fuzz');
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

async function growthRatio(make: (chars: number) => string): Promise<number> {
  const small = make(SMALL);
  const large = make(SMALL * FACTOR);
  // Warm-up, so the JIT's first compilation is not charged to the small size.
  await ingestOnce(small);
  let smallBest = Number.POSITIVE_INFINITY;
  let largeBest = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    smallBest = Math.min(smallBest, await ingestOnce(small), await ingestOnce(small));
    largeBest = Math.min(largeBest, await ingestOnce(large));
  }
  return largeBest / Math.max(smallBest, 0.5);
}

describe('ingestion time grows linearly with the input', () => {
  for (const [shape, make] of Object.entries(PATHOLOGICAL_TEXTS)) {
    it(`${shape}: 8× the text costs less than ${MAX_RATIO}× the time`, { timeout: 120_000 }, async () => {
      const ratio = await growthRatio(make);
      expect(ratio, `${shape}: time(${SMALL * FACTOR}) / time(${SMALL}) = ${ratio.toFixed(1)}`).toBeLessThan(
        MAX_RATIO,
      );
    });
  }

  it('the generated texts are what they claim: sized, stored as articles, with the intended shape', async () => {
    for (const [shape, make] of Object.entries(PATHOLOGICAL_TEXTS)) {
      const text = make(SMALL);
      expect(text.length, shape).toBe(SMALL);
      const prepared = await prepareArticle({ title: shape, text }, engine, 'fuzz');
      expect(prepared.ok, shape).toBe(true);
    }
    expect(PATHOLOGICAL_TEXTS.punctuationLine!(SMALL)).not.toMatch(/\s/);
    expect(PATHOLOGICAL_TEXTS.punctuatedWords!(SMALL)).not.toMatch(/[.!?]/);
  });
});
