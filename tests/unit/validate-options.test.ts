import { describe, expect, it } from 'vitest';
import type { OptionSpec } from '../../src/commands/command.ts';
import { validateOptions } from '../../src/commands/validate-options.ts';

const specs: OptionSpec[] = [
  {
    name: 'question',
    description: 'the question',
    type: 'string',
    required: true,
    minLength: 2,
    maxLength: 10,
  },
  { name: 'article', description: 'an article', type: 'integer', min: 1 },
  { name: 'length', description: 'how long', type: 'string', choices: ['short', 'long'] },
];

describe('validateOptions', () => {
  it('converts and normalises valid values', () => {
    expect(
      validateOptions('/ask', specs, { question: ' hi there ', article: '#3', length: 'SHORT' }),
    ).toEqual({
      ok: true,
      value: { question: 'hi there', article: 3, length: 'short' },
    });
  });

  it.each([
    [{}, '/ask needs "question": the question.'],
    [{ question: 'x' }, '/ask question must be at least 2 characters.'],
    [{ question: 'x'.repeat(11) }, '/ask question must be at most 10 characters (got 11).'],
    [{ question: 'ok', article: '2.5' }, '/ask article must be a whole number (got "2.5").'],
    [{ question: 'ok', article: '0' }, '/ask article must be at least 1.'],
    [{ question: 'ok', length: 'medium' }, '/ask length must be one of: short, long.'],
    [{ question: 'ok', colour: 'red' }, '/ask has no option "colour" (options: question, article, length).'],
  ])('rejects %j with a message naming the rule', (raw, message) => {
    expect(validateOptions('/ask', specs, raw)).toEqual({ ok: false, code: 'bad-option', message });
  });
});

describe('integers and dates are read strictly', () => {
  const idSpec: OptionSpec[] = [{ name: 'id', description: 'id', type: 'integer', required: true, min: 1 }];
  it.each(['1e3', '0x10', '99999999999999999999', '3.0', '4 5'])('refuses %s as an article number', (raw) => {
    expect(validateOptions('/article show', idSpec, { id: raw })).toMatchObject({
      ok: false,
      code: 'bad-option',
    });
  });
});
