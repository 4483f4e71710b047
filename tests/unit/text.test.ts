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

describe('cleanArticleText and glued photo captions', () => {
  it('moves a caption printed without a full stop off the sentence it ran into', () => {
    const text = cleanArticleText(
      'It was grim. Drugs were found on the roof of the prison in Liverpool The amount of drugs rose. Next.',
    );
    expect(text).toBe(
      'It was grim. Drugs were found on the roof of the prison in Liverpool\n\nThe amount of drugs rose. Next.',
    );
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      'It was grim.',
      'Drugs were found on the roof of the prison in Liverpool',
      'The amount of drugs rose.',
      'Next.',
    ]);
  });

  it('separates a run of captions and a labelled caption before "A"', () => {
    expect(
      cleanArticleText('Caption about the scene in London The second caption in Leeds The story starts.'),
    ).toBe('Caption about the scene in London\n\nThe second caption in Leeds\n\nThe story starts.');
    expect(
      cleanArticleText('Accused: Dr Jones, 38, denied four counts of assault A senior doctor faced claims.'),
    ).toBe('Accused: Dr Jones, 38, denied four counts of assault\n\nA senior doctor faced claims.');
  });

  it('leaves names and letters alone', () => {
    for (const prose of [
      'Suncreams now claim to stop damage from infra-red A rays, too.',
      'Patient A and Patient B were treated at the scene.',
      'He was given an award by the Metropolitan Police in Bromley in 2009.',
      'She told The Sun that The Hague was her favourite city.',
      'Mr. Smith met the U.S. envoy on Monday.',
    ]) {
      expect(cleanArticleText(prose)).toBe(prose);
    }
  });

  it('drops wire datelines and the video plug', () => {
    expect(cleanArticleText('Kathmandu, Nepal (CNN)Rescuers pulled a man from the rubble.')).toBe(
      'Rescuers pulled a man from the rubble.',
    );
    expect(cleanArticleText('WASHINGTON (AP) — The Senate voted.')).toBe('The Senate voted.');
    expect(cleanArticleText('The man was held. Scroll down for video The police said so.')).toBe(
      'The man was held. The police said so.',
    );
  });

  it('keeps military ranks inside the sentence', () => {
    expect(splitParagraph('She left with Army Spc. Caleb Barnes, a soldier. He was 20.')).toEqual([
      'She left with Army Spc. Caleb Barnes, a soldier.',
      'He was 20.',
    ]);
  });
});

describe('footnote markers', () => {
  it('are removed at ingest so they cannot be mistaken for citations', () => {
    expect(cleanArticleText('He was arrested in May.[2] His supporters[a] protested.[12]')).toBe(
      'He was arrested in May. His supporters protested.',
    );
    expect(cleanArticleText('The vote [1] was close, and array[0] is code.')).toBe(
      'The vote [1] was close, and array[0] is code.',
    );
  });
});
