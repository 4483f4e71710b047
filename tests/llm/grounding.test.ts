import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { groundAnalysis, groundAnswer, groundCitedText, PARAPHRASE_MARK } from '../../src/llm/grounding.ts';
import type { RawAnalysis } from '../../src/llm/grounding-schemas.ts';
import { cleanArticleText } from '../../src/text/clean.ts';
import { splitSentences } from '../../src/text/sentences.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const founding = splitSentences(
  cleanArticleText(
    readFileSync(path.resolve(repoRoot, '../shared/corpus/belarus-putin-lukashenko.txt'), 'utf8'),
  ),
);

/** What a plausible model returns for the founding article, with one fabricated quote. */
const plausible: RawAnalysis = {
  summary: 'Putin is backing Lukashenko as Belarus cracks down on month-long protests.',
  keyPoints: [
    { text: 'Putin hosts Lukashenko for talks in Sochi.', sentences: [1, 99] },
    { text: 'The EU and the US condemned the repression.', sentences: [9] },
  ],
  actors: [
    {
      name: 'Vladimir Putin',
      type: 'person',
      aliases: ['Putin', 'Russian President'],
      roles: ['Russian President'],
    },
    { name: 'Alexander Lukashenko', type: 'person', aliases: ['Lukashenko'], roles: ['Belarusian ruler'] },
    {
      name: 'Mikhail Vinogradov',
      type: 'person',
      aliases: ['Vinogradov'],
      roles: ['heads the St. Petersburg Politics Foundation'],
    },
    { name: 'Valery Tsepkalo', type: 'person', aliases: [], roles: ['opposition politician'] },
    { name: 'Belarus', type: 'place', aliases: [], roles: [] },
    // Never named in the article: the model's own knowledge.
    { name: 'Angela Merkel', type: 'person', aliases: ['Merkel'], roles: ['German Chancellor'] },
  ],
  quotes: [
    // Real, with straight quotes and without the trailing comma the article has.
    { speaker: 'Vinogradov', text: 'Belarus is of huge importance' },
    // Fabricated: the article never says this.
    { speaker: 'Vladimir Putin', text: 'Belarus will never be abandoned by Russia' },
    { speaker: 'Lukashenko', text: 'That if Belarus breaks, Russia will be next.' },
  ],
  relations: [
    { subject: 'Putin', kind: 'supports', object: 'Lukashenko', sentence: 0 },
    { subject: 'Putin', kind: 'meets', object: 'Lukashenko', sentence: 42 },
    { subject: 'Tsepkalo', kind: 'criticises', object: 'Putin', sentence: 17 },
  ],
};

describe('groundAnalysis on the founding article', () => {
  const analysis = groundAnalysis(plausible, founding, {
    producer: 'test#1',
    title: 'Putin tightens embrace of Lukashenko',
  });

  it('keeps a verbatim quote with its sentence and the article’s own typography, and drops a fabricated one', () => {
    const texts = analysis.quotes.map((q) => q.text);
    expect(texts.some((t) => t.includes('never be abandoned'))).toBe(false);
    const vinogradov = analysis.quotes.find((q) => q.speaker === 'Mikhail Vinogradov');
    expect(vinogradov).toEqual({
      text: 'Belarus is of huge importance',
      speaker: 'Mikhail Vinogradov',
      sentenceIndex: 4,
    });
    expect(founding[4]!.text).toContain(vinogradov!.text);
    expect(analysis.quotes.find((q) => q.speaker === 'Alexander Lukashenko')?.sentenceIndex).toBe(21);
  });

  it('drops actors the article never names and computes mentions from aliases', () => {
    expect(analysis.actors.map((a) => a.name)).not.toContain('Angela Merkel');
    const putin = analysis.actors.find((a) => a.name === 'Vladimir Putin')!;
    expect(putin.mentions).toEqual(expect.arrayContaining([0, 1, 5, 6, 11, 15, 17, 19]));
    expect(putin.actions).toEqual(expect.arrayContaining([1, 11]));
    const tsepkalo = analysis.actors.find((a) => a.name === 'Valery Tsepkalo')!;
    expect(tsepkalo.aliases).toContain('Tsepkalo');
    expect(tsepkalo.mentions).toEqual([17]);
  });

  it('keeps relations with a valid evidence sentence, resolved to canonical names', () => {
    expect(analysis.relations).toEqual([
      { subject: 'Vladimir Putin', kind: 'supports', object: 'Alexander Lukashenko', sentenceIndex: 0 },
      { subject: 'Valery Tsepkalo', kind: 'criticises', object: 'Vladimir Putin', sentenceIndex: 17 },
    ]);
  });

  it('drops key point sentence numbers outside the article', () => {
    expect(analysis.keyPoints[0]).toEqual({
      text: 'Putin hosts Lukashenko for talks in Sochi.',
      sentences: [1],
    });
    expect(analysis.summarySentences).toEqual([]);
    expect(analysis.producer).toBe('test#1');
  });

  it('ranks the headline actors first', () => {
    expect(
      analysis.actors
        .slice(0, 2)
        .map((a) => a.name)
        .sort(),
    ).toEqual(['Alexander Lukashenko', 'Vladimir Putin']);
  });
});

describe('groundAnswer', () => {
  const passages = [
    { sourceNo: 1, text: '“Belarus is of huge importance,” said Mikhail Vinogradov.' },
    { sourceNo: 2, text: 'Russia has dispatched media workers to Belarus.' },
  ];

  it('drops citations to sources that were not given ([7] with two sources)', () => {
    const g = groundAnswer('Russia sent media workers [2][7]. Belarus matters [1, 7].', passages);
    expect(g.text).toBe('Russia sent media workers [2]. Belarus matters [1].');
    expect(g.cited).toEqual([2, 1]);
  });

  it('keeps a verbatim quote (curly or straight marks) and marks a fabricated one as paraphrase', () => {
    const real = groundAnswer('Vinogradov said "Belarus is of huge importance" [1].', passages);
    expect(real.text).toBe('Vinogradov said "Belarus is of huge importance" [1].');
    expect(real.paraphrased).toEqual([]);
    const fake = groundAnswer('Vinogradov said “Belarus is the key to everything” [1].', passages);
    expect(fake.text).toBe(`Vinogradov said Belarus is the key to everything ${PARAPHRASE_MARK} [1].`);
    expect(fake.text).not.toMatch(/[“”"]/);
    expect(fake.paraphrased).toEqual(['Belarus is the key to everything']);
  });

  it('checks quotes against the cited source only', () => {
    const g = groundAnswer('“Russia has dispatched media workers” [1].', passages);
    expect(g.paraphrased).toHaveLength(1);
  });

  it('accepts an elided quote whose pieces appear in order', () => {
    const g = groundAnswer('“Belarus is … importance” [1]', passages);
    expect(g.paraphrased).toEqual([]);
  });
});

describe('groundCitedText', () => {
  it('filters sources, lifts inline citations into sources and strips them from the text', () => {
    const sources = new Map([
      [1, ['Putin met Lukashenko.']],
      [2, ['Protests go on.']],
    ]);
    expect(groundCitedText({ text: 'Protests go on [2] [9].', sources: [1, 5] }, sources)).toEqual({
      text: 'Protests go on.',
      sources: [1, 2],
      paraphrased: [],
    });
  });
});
