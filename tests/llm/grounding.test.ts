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

  it('accepts an elided quote whose pieces appear in order and keep at least three words each', () => {
    const long = groundAnswer('“We will fight on … until the end” [1]', [
      { sourceNo: 1, text: '“We will fight on, whatever it costs, until the end of this,” he said.' },
    ]);
    expect(long.paraphrased).toEqual([]);
    // A one-word piece can say anything: "Belarus is … importance" is no longer a quote.
    expect(groundAnswer('“Belarus is … importance” [1]', passages).paraphrased).toEqual([
      'Belarus is … importance',
    ]);
  });
});

describe('groundAnswer: a paraphrase is never shown as a quote', () => {
  const losing = [{ sourceNo: 1, text: '“Putin doesn’t want to end up on the losing side.”' }];

  it('rejects an ellipsis that cuts out a negation', () => {
    const g = groundAnswer('“Putin … want to end up on the losing side” [1]', losing);
    expect(g.text).toBe(`Putin … want to end up on the losing side ${PARAPHRASE_MARK} [1]`);
    expect(g.paraphrased).toEqual(['Putin … want to end up on the losing side']);
    // Pieces of three words or more, but the cut still holds the negation.
    const cut = groundAnswer('“Putin wants peace … war with the West” [1]', [
      { sourceNo: 1, text: 'Putin wants peace and does not want war with the West.' },
    ]);
    expect(cut.paraphrased).toHaveLength(1);
    // An elision that keeps the negation stays a quote.
    expect(groundAnswer('“Putin doesn’t want … on the losing side” [1]', losing).paraphrased).toEqual([]);
  });

  it('matches whole words only, and not a fragment cut right after a negation', () => {
    const sources = [
      { sourceNo: 1, text: 'It is impossible to win, and Putin doesn’t want to end up on the losing side.' },
    ];
    expect(groundAnswer('“possible to win” [1]', sources).paraphrased).toEqual(['possible to win']);
    expect(groundAnswer('He would “want to end up on the losing side” [1]', sources).paraphrased).toEqual([
      'want to end up on the losing side',
    ]);
    expect(groundAnswer('“impossible to win” [1]', sources).paraphrased).toEqual([]);
  });

  it('checks single quotes and guillemets, not apostrophes', () => {
    const sources = [{ sourceNo: 1, text: 'Putin’s aides insist he does not want war.' }];
    for (const [text, inner] of [
      ['‘Putin wants war with the West’ [1]', 'Putin wants war with the West'],
      ["He said 'Putin wants war' [1].", 'Putin wants war'],
      ['«Putin wants war» [1]', 'Putin wants war'],
      ['„Putin wants war“ [1]', 'Putin wants war'],
      ['‚Putin wants war‘ [1]', 'Putin wants war'],
    ] as const) {
      const g = groundAnswer(text, sources);
      expect(g.paraphrased, text).toEqual([inner]);
      expect(g.text, text).toContain(`${inner} ${PARAPHRASE_MARK}`);
      expect(g.text, text).not.toMatch(/[‘’'«»„“‚]/u);
    }
    const verbatim = groundAnswer('His aides say ‘he does not want war’ [1].', sources);
    expect(verbatim.text).toBe('His aides say ‘he does not want war’ [1].');
    // Possessives, contractions and elisions are left alone.
    const plain = 'Putin’s aides say he doesn’t want war, and the protesters’ leaders agree [1].';
    expect(groundAnswer(plain, sources)).toMatchObject({ text: plain, paraphrased: [] });
    expect(groundAnswer("Rock 'n' roll in the '90s, the boys' band said [1].", sources).paraphrased).toEqual(
      [],
    );
    // A plural possessive inside a quote does not cut it short.
    expect(groundAnswer('‘the protesters’ demands are fair’ [1]', sources).paraphrased).toEqual([
      'the protesters’ demands are fair',
    ]);
  });

  it('checks a quote against the citation attached to it, not every source the answer cites', () => {
    const sources = [
      { sourceNo: 1, text: 'Putin wants war, Lukashenko said.' },
      { sourceNo: 2, text: 'Russia has dispatched media workers to Belarus.' },
    ];
    const g = groundAnswer(
      'Russia sent media workers [2], and Lukashenko said “Putin wants war” [2]. See also [1].',
      sources,
    );
    expect(g.paraphrased).toEqual(['Putin wants war']);
    expect(g.text).toBe(
      `Russia sent media workers [2], and Lukashenko said Putin wants war ${PARAPHRASE_MARK} [2]. See also [1].`,
    );
    expect(
      groundAnswer('Lukashenko said “Putin wants war” [1] and “media workers” [2].', sources).paraphrased,
    ).toEqual([]);
    // No citation after the quote: the citations earlier in its sentence.
    expect(
      groundAnswer('Per [2], Lukashenko said “Putin wants war”. Media went [1].', sources).paraphrased,
    ).toEqual(['Putin wants war']);
    expect(
      groundAnswer('Per [1], Lukashenko said “Putin wants war”. Media went [2].', sources).paraphrased,
    ).toEqual([]);
    // A quote that ends its sentence does not take the next sentence's citation.
    expect(
      groundAnswer('Per [1], Lukashenko said “Putin wants war.” Russia sent media workers [2].', sources)
        .paraphrased,
    ).toEqual([]);
  });

  it('checks a quotation nested in a paraphrased one', () => {
    const g = groundAnswer('He said “the war is ‘a farce’ now” [1]', [
      { sourceNo: 1, text: 'It was a tragedy.' },
    ]);
    expect(g.text).toBe(`He said the war is a farce ${PARAPHRASE_MARK} now ${PARAPHRASE_MARK} [1]`);
  });
});

describe('groundAnalysis: a quote keeps its speaker only where the article gives it to them', () => {
  const speakers = (
    quotes: RawAnalysis['quotes'],
    sentences: readonly (string | { text: string })[] = founding,
  ) => groundAnalysis({ ...plausible, quotes, relations: [] }, sentences).quotes;

  it('drops a quote the model gives to someone its sentence does not name', () => {
    expect(speakers([{ speaker: 'Putin', text: 'Belarus is of huge importance' }])).toEqual([]);
    // Named only inside the quoted words, or inside another quotation, is not named as speaker.
    expect(speakers([{ speaker: 'Putin', text: 'Putin doesn’t want to end up on the losing side' }])).toEqual(
      [],
    );
    expect(speakers([{ speaker: 'Lukashenko', text: 'totally alien to his own people' }])).toEqual([]);
    expect(speakers([{ speaker: 'Tsepkalo', text: 'totally alien to his own people' }])).toEqual([
      { text: 'totally alien to his own people', speaker: 'Valery Tsepkalo', sentenceIndex: 17 },
    ]);
  });

  it('follows a quote-only sentence and "he said" back to the speaker named before', () => {
    // Sentence 5 continues Vinogradov's quote from sentence 4.
    expect(
      speakers([{ speaker: 'Vinogradov', text: 'Putin doesn’t want to end up on the losing side' }]),
    ).toEqual([
      {
        text: 'Putin doesn’t want to end up on the losing side',
        speaker: 'Mikhail Vinogradov',
        sentenceIndex: 5,
      },
    ]);
    // 19 names Lukashenko first, 20 is “…” he said, 21 continues: Lukashenko's, not Putin's.
    expect(speakers([{ speaker: 'Putin', text: 'That if Belarus breaks, Russia will be next.' }])).toEqual(
      [],
    );
    expect(speakers([{ speaker: 'Lukashenko', text: 'You know what we agreed' }])).toEqual([
      { text: 'You know what we agreed', speaker: 'Alexander Lukashenko', sentenceIndex: 20 },
    ]);
    const short = ['Putin met reporters.', '“We are allies,” he said.', 'Lukashenko left.'];
    expect(speakers([{ speaker: 'Putin', text: 'We are allies' }], short)).toEqual([
      { text: 'We are allies', speaker: 'Vladimir Putin', sentenceIndex: 1 },
    ]);
    expect(speakers([{ speaker: 'Lukashenko', text: 'We are allies' }], short)).toEqual([]);
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
