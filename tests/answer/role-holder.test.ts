import { describe, expect, it } from 'vitest';
import { answerFromPassages } from '../../src/llm/offline/answer.ts';

const passages = [
  'Jo Bell took over in May after a vote of members.',
  'The new coach of the rowing club wants a second boat house by the summer.',
  'Membership fees will rise by 5% next year to pay for repairs.',
].map((text, ordinal) => ({ sourceNo: 1, articleId: 7, ordinal, text }));

describe('a role holder named just before', () => {
  it('cites the sentence that names the person when the best one names nobody', () => {
    const draft = answerFromPassages({
      question: 'Who is the new coach of the rowing club?',
      focusActors: [],
      passages,
      history: [],
    });
    expect(draft.supported).toBe(true);
    expect(draft.text).toMatch(/Jo Bell/);
    expect(draft.text).toMatch(/new coach/);
  });
});
