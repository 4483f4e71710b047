import { describe, expect, it } from 'vitest';
import { searchText, searchTokens } from '../../src/store/search-tokens.ts';

describe('searchTokens', () => {
  it('folds case, diacritics and width, and stems', () => {
    expect(searchTokens('Sanctions on Łódź and CAFÉ’s ＡＢＣ ran running')).toEqual([
      'sanction',
      'on',
      'łodz',
      'and',
      'cafe',
      's',
      'abc',
      'ran',
      'run',
    ]);
  });

  it('treats query syntax as plain text and drops punctuation', () => {
    expect(searchText('"a" OR b* NEAR(c) col:d -e')).toBe('a or b near c col d e');
    expect(searchTokens('!!! ---')).toEqual([]);
  });

  it('bounds the tokens of a pathological sentence', () => {
    expect(searchTokens('word '.repeat(10_000))).toHaveLength(2_000);
  });
});
