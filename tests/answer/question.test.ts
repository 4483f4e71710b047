import { describe, expect, it } from 'vitest';
import { answerTerms, termOf } from '../../src/llm/offline/answer-terms.ts';
import { classifyQuestion } from '../../src/llm/offline/question.ts';

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
    expect(classifyQuestion('How many senators voted for the bill?').counted).toBe('senat');
    expect(classifyQuestion('How many did the book sell?').counted).toBeUndefined();
    expect(classifyQuestion('How often does the firm publish fixes?').answerType).toBe('frequency');
    expect(classifyQuestion('How far did she jump?').answerType).toBe('distance');
  });

  it('reads the noun of "which…" and "what… does" as the kind of thing asked for', () => {
    expect(classifyQuestion('Which airline did the envoy fly?').typeNoun).toBe(termOf('airline'));
    expect(classifyQuestion('what school does she go to?').typeNoun).toBe(termOf('school'));
    expect(classifyQuestion('What antivirus company is the firm buying?').typeNoun).toBe(termOf('company'));
    // "What" before a verb asks about an event, not a kind of thing.
    expect(classifyQuestion('What caused the outage?').typeNoun).toBeUndefined();
    expect(classifyQuestion('Who runs the firm?').typeNoun).toBeUndefined();
  });
});

describe('the named kind a question asks for', () => {
  it('is the noun after "which" or "who is the", when such things have names', () => {
    expect(classifyQuestion('Which club has made him an offer?').namedKind).toBe(answerTerms('club')[0]);
    expect(classifyQuestion('Who is the federal judge on the case?').namedKind).toBe(answerTerms('judge')[0]);
    expect(classifyQuestion('Which address did it come from?').namedKind).toBeUndefined();
    expect(classifyQuestion('Who is Ada Moss?').namedKind).toBeUndefined();
  });
});

describe('questions asking for a vote or a score', () => {
  it('want two numbers, and only when the vote or score itself is asked', () => {
    expect(classifyQuestion('By what vote did the House pass the bill?').answerType).toBe('tally');
    expect(classifyQuestion('what was the exact vote count on the bill?').answerType).toBe('tally');
    expect(classifyQuestion('What was the final score of the derby?').answerType).toBe('tally');
    expect(classifyQuestion('What did the speaker say after the vote?').answerType).toBe('any');
  });
});

describe('a title before a name', () => {
  it('is part of the name, not a word the answer must repeat; a title alone stays asked for', () => {
    const warren = classifyQuestion('Which state does Senator Ada Moss represent?');
    expect(warren.focus).not.toContain(termOf('senator'));
    // "represent" asks where, as "live" does.
    expect(warren.focus).not.toContain(termOf('represent'));
    expect(classifyQuestion("who's the CEO of Broadreach?").focus).toContain(termOf('ceo'));
  });
});

describe('words that name the asked kind', () => {
  it('are dropped in the question word’s phrase only, and "take place" is a frame like "happen"', () => {
    expect(classifyQuestion('In which country was the film made?').focus).not.toContain(termOf('country'));
    expect(classifyQuestion('What do foreign countries want from the firm?').focus).toContain(
      termOf('countries'),
    );
    expect(classifyQuestion('When did the summit take place?').focus).toEqual([termOf('summit')]);
  });

  it('reads "charged with" as a crime, not a price', () => {
    expect(classifyQuestion('What were the two men charged with?').answerType).toBe('any');
    expect(classifyQuestion('What did the firm charge for the service?').answerType).toBe('price');
  });
});
