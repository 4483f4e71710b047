import { describe, expect, it } from 'vitest';
import { countsWord } from '../../src/llm/offline/answer-cues.ts';
import { buildVocabulary, cleanQuestion, editDistance } from '../../src/llm/offline/question-clean.ts';
import { refusal } from '../../src/llm/offline/refusal.ts';

const passages = [
  'Stephen Toulouse, a security manager at Microsoft, said the program was called Bankash-A.',
  'Microsoft announces any vulnerabilities in its software every month.',
  'Hugo Lueders, European director for public policy at CompTIA, said the bill had merit.',
];
const vocab = buildVocabulary(passages);

describe('cleanQuestion', () => {
  it.each([
    ['who is stephen toulouse exactly?', 'who is Stephen Toulouse?'],
    [
      'how often does microsoft annouce vulnerabilities now?',
      'how often does Microsoft announces vulnerabilities?',
    ],
    ['who is hugo leuders?', 'who is Hugo Lueders?'],
    ['Wher does Microsoft announce fixes so far?', 'Where does Microsoft announce fixes?'],
    ['What is the program called right now?', 'What is the program called?'],
  ])('%s → %s', (q, cleaned) => {
    expect(cleanQuestion(q, vocab)).toBe(cleaned);
  });

  it('leaves words it cannot place alone', () => {
    expect(cleanQuestion('Who designed the console?', vocab)).toBe('Who designed the console?');
  });
});

describe('editDistance', () => {
  it('counts a transposition as one edit and stops past the limit', () => {
    expect(editDistance('leuders', 'lueders', 2)).toBe(1);
    expect(editDistance('annouce', 'announce', 2)).toBe(1);
    expect(editDistance('console', 'program', 2)).toBe(3);
  });
});

describe('countsWord', () => {
  it('needs a number next to the counted word', () => {
    expect(countsWord('It flagged eight "critical" security holes.', 'hole')).toBe(true);
    expect(countsWord('Winning the votes of 39 senators.', 'senat')).toBe(true);
    expect(countsWord('Senators resumed debate on a bill that runs to Feb. 8.', 'senat')).toBe(false);
  });

  it('does not take a share for a count', () => {
    expect(countsWord('They made up 35 percent of asylum claims filed in March.', 'claim')).toBe(false);
    expect(countsWord('They made up 35% of the 2,000 claims filed.', 'claim')).toBe(true);
    expect(countsWord('Claims rose 4 per cent, to 812 claims.', 'claim')).toBe(true);
  });
});

describe('refusal', () => {
  it('says what was searched, never a rewording of the question', () => {
    expect(refusal('What did russia send to belarus instead?', [])).toBe(
      "The stored articles don't say. Searched for “russia”, “send”, “belarus”.",
    );
    expect(refusal('How much will the recall cost Microsoft?', ['Microsoft'])).toBe(
      "The stored articles don't say. Searched for Microsoft and for “much”, “recall”, “cost”.",
    );
    expect(refusal('Who?', [])).toBe("The stored articles don't say.");
  });

  it("does not list an actor's other names or an honorific as words of their own", () => {
    expect(
      refusal(
        'Who does Sir Alex Ferguson want the FA to punish?',
        ['Alex Ferguson', 'Football Association'],
        ['FA'],
      ),
    ).toBe(
      "The stored articles don't say. Searched for Alex Ferguson and Football Association and for “want”, “punish”.",
    );
  });
});
