import { describe, expect, it } from 'vitest';
import { lcsLength, rouge, rougeTokens } from '../../src/eval/rouge.ts';

describe('rougeTokens', () => {
  it('lower-cases, splits on anything outside [a-z0-9] and stems tokens longer than 3', () => {
    expect(rougeTokens('Running dogs, the CAT!')).toEqual(['run', 'dog', 'the', 'cat']);
  });

  it('tokenises tokenised references and raw text alike', () => {
    expect(rougeTokens("Locke 's win .")).toEqual(rougeTokens('Locke’s win.'));
  });
});

describe('lcsLength', () => {
  it('finds the longest common subsequence', () => {
    expect(lcsLength(['a', 'b', 'c', 'd'], ['b', 'd'])).toBe(2);
    expect(lcsLength(['a'], [])).toBe(0);
  });
});

describe('rouge', () => {
  // Hand-computed: 5 of 6 unigrams shared; bigrams the-cat, on-the, the-mat of 5; LCS "the cat on the mat".
  it('scores a small pair by hand', () => {
    const s = rouge('the cat sat on the mat', 'the cat was on the mat');
    expect(s.rouge1.f1).toBeCloseTo(5 / 6, 10);
    expect(s.rouge2.precision).toBeCloseTo(3 / 5, 10);
    expect(s.rouge2.f1).toBeCloseTo(3 / 5, 10);
    expect(s.rougeL.f1).toBeCloseTo(5 / 6, 10);
  });

  it('clips repeated n-grams to their count in the reference', () => {
    const s = rouge('the the the', 'the');
    expect(s.rouge1.precision).toBeCloseTo(1 / 3, 10);
    expect(s.rouge1.recall).toBe(1);
    expect(s.rouge1.f1).toBeCloseTo(0.5, 10);
  });

  it('matches inflected forms through stemming', () => {
    expect(rouge('running dogs', 'runs dog').rouge1.f1).toBe(1);
  });

  it('handles unequal lengths (P 2/4, R 2/2 gives F1 2/3)', () => {
    const s = rouge('a b c d', 'a c');
    expect(s.rouge1.f1).toBeCloseTo(2 / 3, 10);
    expect(s.rougeL.f1).toBeCloseTo(2 / 3, 10);
    expect(s.rouge2.f1).toBe(0);
  });

  it('gives zero for empty input instead of NaN', () => {
    const s = rouge('', 'the cat');
    expect(s.rouge1.f1).toBe(0);
    expect(s.rougeL.f1).toBe(0);
    expect(rouge('...', '').rouge2.f1).toBe(0);
  });
});
