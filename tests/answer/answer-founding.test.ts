import { describe, expect, it } from 'vitest';
import type { AnswerDraft, AnswerPassage } from '../../src/llm/engine.ts';
import { answerFromPassages } from '../../src/llm/offline/answer.ts';
import { ACTORS, ask, PASSAGES, topK } from './fixture.ts';

/** Ordinals of the passages quoted in the answer (sources may share a number, so match by text). */
function quoted(draft: AnswerDraft, passages: AnswerPassage[] = PASSAGES): number[] {
  return passages.filter((p) => draft.text.includes(p.text)).map((p) => p.ordinal);
}

interface Case {
  q: string;
  actors?: (keyof typeof ACTORS)[];
  /** Any of these ordinals must be quoted. */
  ordinals: number[];
  words: RegExp[];
}

const CASES: Case[] = [
  { q: 'Who is Valery Tsepkalo?', actors: ['tsepkalo'], ordinals: [17], words: [/opposition politician/] },
  { q: 'What does Putin want?', actors: ['putin'], ordinals: [1, 5], words: [/want|determined/] },
  {
    q: 'Where is Tsikhanouskaya?',
    actors: ['tsikhanouskaya'],
    ordinals: [10],
    words: [/exile in Lithuania/],
  },
  { q: 'How old is Lukashenko?', actors: ['lukashenko'], ordinals: [19], words: [/66/] },
  { q: 'Who heads the St. Petersburg Politics Foundation?', ordinals: [4], words: [/Mikhail Vinogradov/] },
  { q: 'When were the elections?', ordinals: [2], words: [/Aug\. 9/] },
  {
    q: 'How much debt did Belarus ask Russia to reschedule?',
    actors: ['belarus', 'russia'],
    ordinals: [13],
    words: [/\$1 billion/],
  },
  {
    q: 'Where will Putin host Lukashenko?',
    actors: ['putin', 'lukashenko'],
    ordinals: [1],
    words: [/Sochi/],
  },
  {
    q: 'What did Lukashenko call Putin?',
    actors: ['lukashenko', 'putin'],
    ordinals: [19],
    words: [/older brother/],
  },
  {
    q: 'Who is Nigel Gould-Davies?',
    actors: ['gouldDavies'],
    ordinals: [18],
    words: [/former U\.K\. ambassador/],
  },
  {
    q: 'What did the European Union do?',
    actors: ['eu'],
    ordinals: [9],
    words: [/condemned the repression/],
  },
  {
    q: "When did Putin change Russia's constitution?",
    actors: ['putin', 'russia'],
    ordinals: [6],
    words: [/2036/],
  },
  { q: 'Until when could Putin extend his rule?', actors: ['putin'], ordinals: [6], words: [/2036/] },
  {
    q: 'What did Russia dispatch to Belarus?',
    actors: ['russia', 'belarus'],
    ordinals: [12],
    words: [/media workers/],
  },
  { q: 'What does he want?', actors: ['putin'], ordinals: [1, 5], words: [/want|determined/] },
  { q: 'What did Vinogradov say?', actors: ['vinogradov'], ordinals: [4], words: [/huge importance/] },
  { q: 'Who is Putin?', actors: ['putin'], ordinals: [0], words: [/Russian President/] },
  { q: 'What does the opposition want?', ordinals: [10], words: [/talks on handing over power/] },
];

describe('answerFromPassages on the founding article (all sentences)', () => {
  for (const c of CASES) {
    it(c.q, () => {
      const draft = answerFromPassages(
        ask(
          c.q,
          (c.actors ?? []).map((k) => ACTORS[k]),
        ),
      );
      expect(draft.supported).toBe(true);
      expect(draft.cited).toEqual([1]);
      expect(quoted(draft).some((o) => c.ordinals.includes(o))).toBe(true);
      for (const w of c.words) expect(draft.text).toMatch(w);
      expect(draft.text).toMatch(/\[1\]$/);
    });
  }
});

describe('answerFromPassages with only the top-5 passages by overlap', () => {
  for (const c of CASES) {
    const passages = topK(c.q, 5);
    // Only meaningful when the crude retriever kept an answering sentence.
    if (!passages.some((p) => c.ordinals.includes(p.ordinal))) continue;
    it(c.q, () => {
      const draft = answerFromPassages(
        ask(
          c.q,
          (c.actors ?? []).map((k) => ACTORS[k]),
          passages,
        ),
      );
      expect(draft.supported).toBe(true);
      const citedOrdinals = draft.cited.map((n) => passages[n - 1]!.ordinal);
      expect(citedOrdinals.some((o) => c.ordinals.includes(o))).toBe(true);
      for (const w of c.words) expect(draft.text).toMatch(w);
    });
  }
});

describe('unsupported questions', () => {
  const UNSUPPORTED: [string, (keyof typeof ACTORS)[], RegExp][] = [
    [
      "What is Lukashenko's favourite food?",
      ['lukashenko'],
      /don't say what Lukashenko's favourite food is\.$/,
    ],
    ['Who is Angela Merkel?', [], /don't say who Angela Merkel is\.$/],
    ['What did Tsepkalo say about China?', ['tsepkalo'], /don't say what Tsepkalo said about China\.$/],
    ['How many tanks did Russia send?', ['russia'], /^The stored articles don't say/],
  ];
  for (const [q, actors, text] of UNSUPPORTED) {
    it(q, () => {
      const draft = answerFromPassages(
        ask(
          q,
          actors.map((k) => ACTORS[k]),
        ),
      );
      expect(draft).toEqual({ text: expect.stringMatching(text), supported: false, cited: [] });
    });
  }

  it('says so when a resolved actor is in no passage', () => {
    const merkel = { name: 'Angela Merkel', aliases: ['Merkel'] };
    const draft = answerFromPassages(ask('What does she want?', [merkel]));
    expect(draft.supported).toBe(false);
    expect(draft.text).toBe("The stored articles don't say what Angela Merkel wants.");
  });

  it('says so with no passages', () => {
    expect(answerFromPassages(ask('Who is Putin?', [ACTORS.putin], [])).supported).toBe(false);
  });
});

describe('answer form', () => {
  it('keeps quotes verbatim and cites each sentence', () => {
    const draft = answerFromPassages(ask('What did Tsepkalo say?', [ACTORS.tsepkalo]));
    expect(draft.text).toContain('“Belarusians are really aghast at Putin’s support for Lukashenko,”');
  });

  it('cites two different sources when two passages answer', () => {
    const passages = PASSAGES.filter((p) => p.ordinal === 4 || p.ordinal === 5).map((p, i) => ({
      ...p,
      sourceNo: i + 1,
    }));
    const draft = answerFromPassages(ask('What does Putin want?', [ACTORS.putin], passages));
    expect(draft.cited).toEqual([1, 2]);
    expect(draft.text).toMatch(
      /Vinogradov.*\[1\] “Putin doesn’t want to end up on the losing side\.” \[2\]$/,
    );
  });

  // Speed is measured by `npm run bench`, not asserted here.
  it('is deterministic', () => {
    const input = ask('Who is Valery Tsepkalo?', [ACTORS.tsepkalo], PASSAGES.slice(6, 18));
    const first = answerFromPassages(input);
    for (let i = 0; i < 20; i++) expect(answerFromPassages(input)).toEqual(first);
  });
});
