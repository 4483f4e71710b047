import { describe, expect, it } from 'vitest';
import { answerFromPassages } from '../../src/llm/offline/answer.ts';
import { answerTerms } from '../../src/llm/offline/answer-terms.ts';
import { buildVocabulary, cleanQuestion } from '../../src/llm/offline/question-clean.ts';
import { withUsualWording } from '../../src/text/lexicon.ts';

// Made-up articles in news style: the mechanisms the held-out evaluation (eval/) led to.
const article = (texts: string[], articleId = 1) =>
  texts.map((text, ordinal) => ({ sourceNo: articleId, articleId, ordinal, text }));
const ask = (question: string, passages: ReturnType<typeof article>) =>
  answerFromPassages({ question, focusActors: [], passages, history: [] });

describe('questions typed in chat', () => {
  const vocab = buildVocabulary([
    'The anti-virus firm said 12 people saw the protein folding demonstration.',
  ]);

  it('turns shorthand and compounds into the words the passages use', () => {
    expect(cleanQuestion('how many ppl saw the antivirus demo?', vocab)).toBe(
      'how many people saw the anti-virus demonstration?',
    );
    expect(cleanQuestion('who watched the protein-folding run?', vocab)).toBe(
      'who watched the protein folding run?',
    );
  });

  it('keeps shorthand the passages themselves write', () => {
    expect(cleanQuestion('who is the ceo?', buildVocabulary(['The ceo resigned.']))).toBe('who is the ceo?');
  });

  it('searches the usual wording as well', () => {
    expect(withUsualWording('when was it set up?')).toBe('when was it set up? establish');
  });
});

describe('wording that differs from the article', () => {
  it('meets two-word verbs and near-synonyms as one term', () => {
    expect(answerTerms('the vote was held up')).toEqual(answerTerms('the vote was delayed'));
    expect(answerTerms('the firm')).toEqual(answerTerms('the company'));
  });

  it('meets a two-word verb split by its object, keeping the words between', () => {
    expect(answerTerms('the fund put $40m into mines')).toEqual(answerTerms('the fund invest $40m mines'));
    expect(answerTerms('they held the vote up')).toEqual(answerTerms('they delayed the vote'));
    // Not across a clause: the particle must follow within two words.
    expect(answerTerms('they held talks with the union, up north')).not.toContain(answerTerms('delay')[0]);
  });

  it('reads a sentence that continues the one before with that one’s words', () => {
    const draft = ask(
      'Who introduced the discharge petition on the river bill?',
      article([
        'Members said they would sign a discharge petition to force a vote on the river bill.',
        'That petition was introduced by Senator Ada Moss last spring.',
      ]),
    );
    expect(draft.supported).toBe(true);
    expect(draft.text).toMatch(/Ada Moss/);
  });

  it('does not ask the sentence for words about the article ("quoted", "mentioned")', () => {
    const draft = ask(
      'Who is the lawyer quoted?',
      article([
        'The lawyer for the ferry firm declined to comment on the dispute.',
        '"We will not sign this contract," said union lawyer Ada Moss.',
      ]),
    );
    expect(draft.supported).toBe(true);
    expect(draft.text).toMatch(/Ada Moss/);
  });
});

describe('answer types that must be present', () => {
  const passages = article([
    'The harbour board will vote again on the ferry contract after the consultation.',
    'The ferry contract cost the board £4m, a spokesman said.',
  ]);

  it('refuses "when" without a date or a time word', () => {
    expect(ask('When will the harbour board vote on the ferry contract?', passages).supported).toBe(false);
  });

  it('answers a money question only with a sum', () => {
    const draft = ask('How much did the ferry contract cost?', passages);
    expect(draft.supported).toBe(true);
    expect(draft.text).toMatch(/£4m/);
    expect(ask('How much money did the harbour board vote on?', article([passages[0]!.text])).supported).toBe(
      false,
    );
  });

  it('adds the nearby sentence that gives the place', () => {
    const draft = ask(
      'Where will the choir hold its auditions?',
      article([
        'The city choir is to hold open auditions for new singers this month.',
        'Singers of every age are welcome, the choir said.',
        'Those interested can come along to a church hall in Lower Bridge on Saturday.',
      ]),
    );
    expect(draft.supported).toBe(true);
    expect(draft.text).toMatch(/Lower Bridge/);
  });
});

describe('a question naming the kind of thing it asks for', () => {
  it('meets a verb and the noun of its act as one term', () => {
    expect(answerTerms('they fly')).toEqual(answerTerms('a flight'));
    expect(answerTerms('to sell')).toEqual(answerTerms('the sale'));
  });

  it('answers "which airline… fly" with the sentence naming one on a flight, without the word "airline"', () => {
    const passages = article([
      'The envoy left for talks in the capital on Tuesday.',
      'He departed Lagos on a Kenya Airways flight bound for Nairobi.',
      'Officials said the talks would last two days.',
    ]);
    const answer = ask('Which airline did the envoy fly from Lagos?', passages);
    expect(answer.supported).toBe(true);
    expect(answer.text).toContain('Kenya Airways');
  });

  it('still refuses when no sentence is about the question', () => {
    const passages = article(['The envoy left for talks in the capital on Tuesday.']);
    expect(ask('Which airline sponsors the football league?', passages).supported).toBe(false);
  });
});

describe('questions asking for a name', () => {
  const vocab = buildVocabulary(['The same group said the worm was called Zapper and spread by e-mail.']);

  it('reads "whats" as "what\'s" and never corrects the words that frame the question', () => {
    expect(cleanQuestion('whats the name of the worm?', vocab)).toBe("what's the name of the worm?");
  });

  it('prefers the sentence that gives the name', () => {
    const passages = article([
      'A new worm that deletes files spread quickly on Monday, the security group said.',
      'The group said the worm was called Zapper and spread by e-mail.',
    ]);
    const answer = ask("what's the name of the worm that deletes files?", passages);
    expect(answer.supported).toBe(true);
    expect(answer.text).toContain('Zapper');
  });
});
