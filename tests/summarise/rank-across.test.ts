import { describe, expect, it } from 'vitest';
import { rankAcrossArticles } from '../../src/llm/offline/summarise.ts';
import { FLOOD, FLOOD_TITLE } from './fixtures.ts';

const budget = [
  'The chancellor announced a freeze on fuel duty in the budget on Wednesday.',
  'Income tax thresholds will rise in April, the Treasury said.',
  'Economists warned that borrowing would stay high for years.',
];

describe('rankAcrossArticles', () => {
  it('does not repeat the same point from two articles on the same story', () => {
    const picks = rankAcrossArticles(
      [
        { id: 1, title: FLOOD_TITLE, sentences: FLOOD, candidates: [3, 4, 5] },
        { id: 2, title: FLOOD_TITLE, sentences: FLOOD, candidates: [3, 4, 5] },
      ],
      4,
    );
    const texts = picks.map((p) => FLOOD[p.sentenceIndex]);
    expect(new Set(texts).size).toBe(texts.length);
    expect(picks.length).toBeLessThanOrEqual(3);
  });

  it('draws from every article when stories differ, and respects count', () => {
    const picks = rankAcrossArticles(
      [
        { id: 7, title: FLOOD_TITLE, sentences: FLOOD, candidates: [3, 4, 5] },
        { id: 9, title: 'Budget freezes fuel duty', sentences: budget, candidates: [0, 1, 2] },
      ],
      3,
    );
    expect(picks).toHaveLength(3);
    expect(new Set(picks.map((p) => p.articleId))).toEqual(new Set([7, 9]));
  });

  it('ignores out-of-range candidates and handles no articles', () => {
    expect(rankAcrossArticles([], 3)).toEqual([]);
    const picks = rankAcrossArticles([{ id: 1, title: 't', sentences: budget, candidates: [5, -1, 0] }], 3);
    expect(picks).toEqual([{ articleId: 1, sentenceIndex: 0 }]);
  });

  it('is deterministic', () => {
    const input = [
      { id: 7, title: FLOOD_TITLE, sentences: FLOOD, candidates: [3, 4, 5, 7] },
      { id: 9, title: 'Budget', sentences: budget, candidates: [0, 1, 2] },
    ];
    expect(rankAcrossArticles(input, 4)).toEqual(rankAcrossArticles(input, 4));
  });
});
