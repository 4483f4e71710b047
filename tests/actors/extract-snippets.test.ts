import { describe, expect, it } from 'vitest';
import { extractActors } from '../../src/actors/extract.ts';
import { splitSentences } from '../../src/text/sentences.ts';

const run = (text: string, title = '') => extractActors(title, splitSentences(text));

describe('extractActors on small snippets', () => {
  it('maps "Mr Blair" to Tony Blair and keeps "Prime Minister" as a role', () => {
    const r = run(
      'Prime Minister Tony Blair said the plan would work. Mr Blair told MPs on Tuesday that "the country needs this reform". Critics said Mr. Blair was wrong.',
    );
    expect(r.actors.map((a) => a.name)).toEqual(['Tony Blair']);
    const blair = r.actors[0]!;
    expect(blair.roles).toEqual(['Prime Minister']);
    expect(blair.aliases).toEqual(expect.arrayContaining(['Mr Blair', 'Mr. Blair', 'Blair']));
    expect(blair.mentions).toEqual([0, 1, 2]);
    expect(r.quotes).toEqual([
      { text: 'the country needs this reform', speaker: 'Tony Blair', sentenceIndex: 1 },
    ]);
  });

  it('attributes straight-quoted speech with the verb after the quote and a following pronoun', () => {
    const r = run(
      '"We are not going anywhere," said Chancellor Gordon Brown. "The economy is strong," he said.',
    );
    expect(r.quotes.map((q) => [q.speaker, q.text])).toEqual([
      ['Gordon Brown', 'We are not going anywhere'],
      ['Gordon Brown', 'The economy is strong'],
    ]);
    expect(r.actors[0]!.roles).toContain('Chancellor');
  });

  it('expands acronyms, types organisations by their ending and places by the gazetteer', () => {
    const r = run('The EU and the Bank of England met officials from Acme Holdings in Brussels on Monday.');
    const types = Object.fromEntries(r.actors.map((a) => [a.name, a.type]));
    expect(types).toEqual({
      'European Union': 'organisation',
      'Bank of England': 'organisation',
      'Acme Holdings': 'organisation',
      Brussels: 'place',
    });
  });

  it('keeps role nouns before a name and drops sentence-initial common words', () => {
    const r = run(
      'Microsoft chief executive Steve Ballmer criticised Google. Yesterday Ballmer said more. Shares fell.',
    );
    const ballmer = r.actors.find((a) => a.name === 'Steve Ballmer');
    expect(ballmer?.roles).toContain('Microsoft chief executive');
    expect(ballmer?.mentions).toEqual([0, 1]);
    expect(r.relations).toContainEqual({
      subject: 'Steve Ballmer',
      kind: 'criticises',
      object: 'Google',
      sentenceIndex: 0,
    });
    expect(r.actors.map((a) => a.name)).not.toContain('Shares');
    expect(r.actors.map((a) => a.name)).not.toContain('Yesterday');
  });

  it('weighs the title in salience', () => {
    const text = 'Germany and France agreed a deal. France said it was fair.';
    const plain = run(text).actors.find((a) => a.name === 'Germany')!.salience;
    const titled = run(text, 'Germany wins deal').actors.find((a) => a.name === 'Germany')!.salience;
    expect(titled).toBeGreaterThan(plain);
  });

  it('handles an empty article', () => {
    expect(run('')).toEqual({ actors: [], quotes: [], relations: [] });
  });
});
