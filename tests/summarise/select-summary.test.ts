import { describe, expect, it } from 'vitest';
import { selectKeyPoints, selectSummarySentences } from '../../src/llm/offline/summarise.ts';
import { countWords } from '../../src/llm/offline/summarise-features.ts';
import { asSentences, FLOOD, FLOOD_TITLE } from './fixtures.ts';

const flood = asSentences(FLOOD);
const wordsOf = (picked: number[]) => picked.reduce((n, i) => n + countWords(FLOOD[i]!), 0);

describe('selectSummarySentences', () => {
  it('respects the word budget', () => {
    for (const maxWords of [20, 35, 50, 75]) {
      const picked = selectSummarySentences(FLOOD_TITLE, flood, { maxWords });
      expect(picked.length).toBeGreaterThan(0);
      expect(wordsOf(picked)).toBeLessThanOrEqual(maxWords);
    }
  });

  it('respects maxSentences', () => {
    const picked = selectSummarySentences(FLOOD_TITLE, flood, { maxWords: 1000, maxSentences: 2 });
    expect(picked).toHaveLength(2);
  });

  it('returns distinct indexes in article order', () => {
    const picked = selectSummarySentences(FLOOD_TITLE, flood, { maxWords: 1000, maxSentences: 4 });
    expect(picked).toEqual([...new Set(picked)].sort((a, b) => a - b));
  });

  it('drops a caption, a question and a quote-only sentence from the lead', () => {
    const picked = selectSummarySentences(FLOOD_TITLE, flood, { maxWords: 1000, maxSentences: 3 });
    expect(picked).not.toContain(0);
    expect(picked).not.toContain(1);
    expect(picked).not.toContain(2);
    expect(picked).toContain(3);
  });

  it('never picks a byline', () => {
    const texts = ['By . Jane Doe . PUBLISHED: 10:00 GMT, 1 May 2015 .', ...FLOOD.slice(3)];
    const picked = selectSummarySentences(FLOOD_TITLE, asSentences(texts), {
      maxWords: 1000,
      maxSentences: 3,
    });
    expect(picked).not.toContain(0);
  });

  it('never picks a caption line (no sentence punctuation) while real sentences remain', () => {
    const texts = [
      FLOOD[3]!,
      'Rescuers wade through flood water in the town centre on Tuesday',
      ...FLOOD.slice(4),
    ];
    for (const options of [{ maxWords: 1000, maxSentences: 4 }, { maxWords: 75 }]) {
      expect(selectSummarySentences(FLOOD_TITLE, asSentences(texts), options)).not.toContain(1);
    }
    expect(selectKeyPoints(FLOOD_TITLE, asSentences(texts), 4)).not.toContain(1);
  });

  it('falls back to unpunctuated lines when the text has no others', () => {
    const texts = ['Flood water rises in the town centre', 'Rescuers reach stranded families by boat'];
    expect(selectSummarySentences(FLOOD_TITLE, asSentences(texts), { maxWords: 75 }).length).toBeGreaterThan(
      0,
    );
  });

  it('handles articles of 0, 1 and 2 sentences', () => {
    expect(selectSummarySentences('t', [], { maxWords: 75 })).toEqual([]);
    expect(selectSummarySentences('t', asSentences([FLOOD[3]!]), { maxWords: 75 })).toEqual([0]);
    expect(selectSummarySentences('t', asSentences([FLOOD[3]!, FLOOD[4]!]), { maxWords: 75 })).toEqual([
      0, 1,
    ]);
  });

  it('returns the one best sentence when nothing fits the budget rather than nothing', () => {
    const picked = selectSummarySentences(FLOOD_TITLE, asSentences(FLOOD.slice(3, 5)), { maxWords: 5 });
    expect(picked).toHaveLength(1);
  });

  it('skips a sentence that repeats one already chosen', () => {
    const texts = [FLOOD[3]!, FLOOD[3]!.replace('Floods have', 'Flooding has'), ...FLOOD.slice(4)];
    const picked = selectSummarySentences(FLOOD_TITLE, asSentences(texts), {
      maxWords: 1000,
      maxSentences: 3,
    });
    expect(picked.includes(0) && picked.includes(1)).toBe(false);
  });

  it('is deterministic', () => {
    const a = selectSummarySentences(FLOOD_TITLE, flood, { maxWords: 60 });
    const b = selectSummarySentences(FLOOD_TITLE, flood, { maxWords: 60 });
    expect(a).toEqual(b);
  });
});

describe('selectKeyPoints', () => {
  it('returns up to count distinct sentences in article order, without captions or questions', () => {
    const points = selectKeyPoints(FLOOD_TITLE, flood, 4);
    expect(points).toHaveLength(4);
    expect(points).toEqual([...new Set(points)].sort((a, b) => a - b));
    expect(points).not.toContain(0);
    expect(points).not.toContain(1);
  });

  it('handles empty input and zero count', () => {
    expect(selectKeyPoints('t', [], 3)).toEqual([]);
    expect(selectKeyPoints(FLOOD_TITLE, flood, 0)).toEqual([]);
  });
});
