import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanArticleText, isCaptionOrCredit } from '../../src/text/clean.ts';
import { contentHash } from '../../src/text/hash.ts';
import { splitParagraph, splitSentences } from '../../src/text/sentences.ts';
import { FOUNDING_ARTICLE } from '../helpers/run-cli.ts';

describe('cleanArticleText on the founding article', () => {
  const cleaned = cleanArticleText(readFileSync(FOUNDING_ARTICLE, 'utf8'));

  it('drops photo credits and the subscription appeal, keeps the prose', () => {
    expect(cleaned).not.toMatch(/SPUTNIK|BELTA|POOL|VIA AP/);
    expect(cleaned).not.toMatch(/subscribing|quality journalism/);
    expect(cleaned).toContain('Valery Tsepkalo, an opposition politician');
    expect(cleaned.startsWith('Russian President Vladimir Putin')).toBe(true);
  });

  it('splits into 22 sentences with quotes and abbreviations intact', () => {
    const sentences = splitSentences(cleaned);
    expect(sentences).toHaveLength(22);
    expect(sentences[2]!.text).toContain('in Aug. 9 elections');
    expect(sentences[4]!.text).toBe(
      '“Belarus is of huge importance,” said Mikhail Vinogradov, who heads the St. Petersburg Politics Foundation.',
    );
    expect(sentences[5]!.text).toBe('“Putin doesn’t want to end up on the losing side.”');
  });
});

describe('isCaptionOrCredit', () => {
  it.each([
    ['Vladimir Putin | SPUTNIK / KREMLIN / POOL / VIA AP)', true],
    ['Alexander Lukashenko | BELTA / POOL / VIA AP', true],
    ['Photo: Reuters', true],
    ['The vote was 52 | 48 in favour, officials said.', false],
    ['Putin said he would help.', false],
  ])('%s → %s', (line, expected) => {
    expect(isCaptionOrCredit(line)).toBe(expected);
  });
});

describe('splitParagraph', () => {
  it('handles initials, dotted abbreviations and titles', () => {
    expect(
      splitParagraph('Mr. Smith met J. K. Rowling in the U.S. on Monday. The U.S. The talks ended.'),
    ).toEqual(['Mr. Smith met J. K. Rowling in the U.S. on Monday.', 'The U.S.', 'The talks ended.']);
    expect(splitParagraph('He asked: "Why?" Nobody answered.')).toEqual([
      'He asked: "Why?"',
      'Nobody answered.',
    ]);
  });
});

describe('contentHash', () => {
  it('ignores whitespace and case, not content', () => {
    expect(contentHash('A  b\nc')).toBe(contentHash('a b c'));
    expect(contentHash('a b c')).not.toBe(contentHash('a b d'));
  });
});
