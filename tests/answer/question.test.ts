import { describe, expect, it } from 'vitest';
import { classifyQuestion } from '../../src/llm/offline/question.ts';
import { restateQuestion } from '../../src/llm/offline/question-restate.ts';

describe('classifyQuestion', () => {
  it.each([
    ['Who heads the foundation?', 'who', 'person'],
    ['When were the elections?', 'when', 'time'],
    ['Where is Tsikhanouskaya?', 'where', 'place'],
    ['Why are people protesting?', 'why', 'reason'],
    ['How did Russia respond?', 'how', 'manner'],
    ['How many people were arrested?', 'how-many', 'quantity'],
    ['How much debt did Belarus ask Russia to reschedule?', 'how-many', 'money'],
    ['How old is Lukashenko?', 'how-old', 'age'],
    ['What year did Putin change the constitution?', 'when', 'time'],
    ['Is Putin hosting Lukashenko?', 'yes-no', 'any'],
    ['What did Russia dispatch?', 'what', 'any'],
  ])('%s → %s / %s', (q, kind, answerType) => {
    const c = classifyQuestion(q);
    expect(c.kind).toBe(kind);
    expect(c.answerType).toBe(answerType);
  });

  it('finds actor intents and names', () => {
    expect(classifyQuestion('Who is Valery Tsepkalo?')).toMatchObject({
      wantsIdentity: true,
      names: ['Valery Tsepkalo'],
    });
    expect(classifyQuestion('What does Putin want?')).toMatchObject({ wantsGoal: true, focus: ['putin'] });
    expect(classifyQuestion('What did Tsepkalo say about China?')).toMatchObject({
      wantsQuote: true,
      names: ['Tsepkalo', 'China'],
    });
    expect(classifyQuestion('Whom does Putin support?').wantsRelation).toBe('supports');
    expect(classifyQuestion('Who opposes Lukashenko?').wantsRelation).toBe('opposes');
    expect(classifyQuestion('Who heads the St. Petersburg Politics Foundation?').names).toEqual([
      'St. Petersburg Politics Foundation',
    ]);
    expect(classifyQuestion('What happened on Monday?').names).toEqual([]);
  });
});

describe('restateQuestion', () => {
  it.each([
    ['Who is Angela Merkel?', 'who Angela Merkel is'],
    ["What is Lukashenko's favourite food?", "what Lukashenko's favourite food is"],
    ['What did Tsepkalo say about China?', 'what Tsepkalo said about China'],
    [
      'How much debt did Belarus ask Russia to reschedule?',
      'how much debt Belarus asked Russia to reschedule',
    ],
    ['Where will Putin host Lukashenko?', 'where Putin will host Lukashenko'],
    ['What issues are the Democrats responsible for?', 'what issues the Democrats are responsible for'],
    ['Who had a family that overstayed their visa?', 'who had a family that overstayed their visa'],
    ['Did Putin meet Merkel?', 'whether Putin met Merkel'],
  ])('%s → %s', (q, restated) => {
    expect(restateQuestion(q)).toBe(restated);
  });

  it('puts the resolved actor in place of a pronoun', () => {
    expect(restateQuestion('What does he want?', 'Vladimir Putin')).toBe('what Vladimir Putin wants');
  });

  it('gives up on imperatives', () => {
    expect(restateQuestion('Tell me about Merkel')).toBeNull();
  });
});
