import { describe, expect, it } from 'vitest';
import { answerFromPassages } from '../../src/llm/offline/answer.ts';

// Two stories; the question is worded as the first one's headline, which no sentence repeats.
const passages = [
  {
    sourceNo: 1,
    articleId: 1,
    ordinal: 0,
    text: 'The manager accused the league of bias after the derby on Sunday.',
  },
  { sourceNo: 1, articleId: 1, ordinal: 1, text: 'He said referees had ignored three fouls.' },
  { sourceNo: 2, articleId: 2, ordinal: 0, text: 'The club sold its training ground to a developer.' },
];
const ask = (titles: string[]) =>
  answerFromPassages({
    question: 'What is the row over fixtures about?',
    focusActors: [],
    passages,
    history: [],
    sources: new Map(titles.map((title, i) => [i + 1, { title }])),
  });

describe("an article's headline", () => {
  it("counts for its first sentence, so a question in the headline's words is answered by the lead", () => {
    const draft = ask(['Row over fixtures deepens', 'Club sells ground']);
    expect(draft.supported).toBe(true);
    expect(draft.text).toMatch(/accused the league of bias/);
  });

  it('answers nothing when no headline holds the question words', () => {
    // The same question with headlines that do not name the row: nothing answers it.
    expect(ask(['Derby report', 'Club sells ground']).supported).toBe(false);
  });

  it('counts as a mention of a name the question gives, where the sentences say "the show"', () => {
    const draft = answerFromPassages({
      question: 'Who left Starlight Island after the vote?',
      focusActors: [],
      passages: [
        { sourceNo: 1, articleId: 1, ordinal: 3, text: 'Singer Ana Lowe left the show after the vote.' },
      ],
      history: [],
      sources: new Map([[1, { title: 'Lowe quits Starlight Island' }]]),
    });
    expect(draft.supported).toBe(true);
    expect(draft.text).toMatch(/Ana Lowe/);
  });
});
