import { describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src/commands/dispatcher.ts';
import { COMMANDS } from '../../src/commands/registry.ts';
import { parseLine as parseWith } from '../../src/transports/shell/parse-line.ts';
import { foundingServices } from '../helpers/founding-services.ts';

const dispatcher = new Dispatcher({ commands: COMMANDS, services: await foundingServices() });
const parseLine = (line: string) => parseWith(line, dispatcher);

describe('parseLine', () => {
  it('reads named options and a positional first required option', () => {
    expect(parseLine('/ask question: Who is Tsepkalo?')).toMatchObject({
      kind: 'command',
      invocation: { name: 'ask', options: { question: 'Who is Tsepkalo?' } },
    });
    expect(parseLine('/ask Who is Tsepkalo? article: 3')).toMatchObject({
      invocation: { name: 'ask', options: { question: 'Who is Tsepkalo?', article: '3' } },
    });
  });

  it('gives the positional to the first option when none is required', () => {
    expect(parseLine('/brief Belarus protests length: short')).toMatchObject({
      invocation: { name: 'brief', options: { topic: 'Belarus protests', length: 'short' } },
    });
  });

  it('keeps colons that are not option names inside values', () => {
    expect(parseLine('/ask What is the U.S. position: sanctions?')).toMatchObject({
      invocation: { options: { question: 'What is the U.S. position: sanctions?' } },
    });
  });

  it('parses subcommands', () => {
    expect(parseLine('/article show 4')).toMatchObject({
      invocation: { name: 'article', subcommand: 'show', options: { id: '4' } },
    });
    expect(parseLine('/article')).toMatchObject({ invocation: { name: 'article', subcommand: undefined } });
  });

  it('treats other lines as follow-up messages, and blank lines as nothing', () => {
    expect(parseLine('What does he want?')).toEqual({ kind: 'message', text: 'What does he want?' });
    expect(parseLine('   ')).toEqual({ kind: 'empty' });
  });

  it('passes unknown commands through for the runner to explain', () => {
    expect(parseLine('/frob x')).toMatchObject({ kind: 'command', invocation: { name: 'frob' } });
  });
});

describe('parseLine never cuts text silently', () => {
  it('ignores a marker for an option already given', () => {
    expect(parseLine('/ask What did the question: mean?')).toMatchObject({
      invocation: { options: { question: 'What did the question: mean?' } },
    });
    expect(parseLine('/ask question: What did the question: mean?')).toMatchObject({
      invocation: { options: { question: 'What did the question: mean?' } },
    });
  });

  it('takes a number option’s marker only when a number follows', () => {
    expect(parseLine('/ask What does the article: say about Putin?')).toMatchObject({
      invocation: { options: { question: 'What does the article: say about Putin?' } },
    });
    expect(parseLine('/ask What happened? article: #2')).toMatchObject({
      invocation: { options: { question: 'What happened?', article: '#2' } },
    });
  });

  it('takes a double-quoted value whole, option-like words included', () => {
    expect(
      parseLine('/article add text: "The headline title: was changed later." title: Edits'),
    ).toMatchObject({
      invocation: { options: { text: 'The headline title: was changed later.', title: 'Edits' } },
    });
  });
});
