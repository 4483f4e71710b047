import { describe, expect, it } from 'vitest';
import {
  MAX_ANALYSED_CHARS,
  MAX_ANALYSED_SENTENCES,
  OfflineEngine,
} from '../../src/llm/offline/offline-engine.ts';
import { MAX_SENTENCE_CHARS, splitSentences } from '../../src/text/sentences.ts';

describe('the offline analysis of a book-sized text is bounded to its opening part', () => {
  const engine = new OfflineEngine();

  it('names actors from the first sentences only, and cites no sentence beyond the bound', async () => {
    const filler = Array.from({ length: MAX_ANALYSED_SENTENCES + 500 }, (_, i) => `Item ${i} was counted.`);
    filler[3] = 'Anna Petrov met Boris Lindqvist in Warsaw on Monday.';
    filler[MAX_ANALYSED_SENTENCES + 100] = 'Clara Okafor met Dmitri Moreau in Vilnius on Tuesday.';
    const sentences = filler.map((text) => ({ text, paragraph: 0 }));
    const analysis = await engine.analyseArticle({ title: 'A long list', sentences });
    const names = analysis.actors.map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['Anna Petrov', 'Boris Lindqvist']));
    expect(names).not.toContain('Clara Okafor');
    for (const i of analysis.summarySentences) expect(i).toBeLessThan(MAX_ANALYSED_SENTENCES);
  });

  it('bounds by characters too, for texts of few but very long sentences', async () => {
    const longLine = `${'Name, word; '.repeat(MAX_ANALYSED_CHARS / 10)}Clara Okafor met Dmitri Moreau in Vilnius.`;
    const sentences = splitSentences(`Anna Petrov met Boris Lindqvist in Warsaw on Monday.\n\n${longLine}`);
    expect(sentences.every((s) => s.text.length <= MAX_SENTENCE_CHARS)).toBe(true);
    const analysis = await engine.analyseArticle({ title: 'A long line', sentences });
    const names = analysis.actors.map((a) => a.name);
    expect(names).toContain('Anna Petrov');
    expect(names).not.toContain('Clara Okafor');
  });
});
