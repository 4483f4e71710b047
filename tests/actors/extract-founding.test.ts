import { describe, expect, it } from 'vitest';
import { extractActors } from '../../src/actors/extract.ts';
import type { ExtractedActor } from '../../src/core/types.ts';
import { FOUNDING_TITLE, foundingGold, foundingSentences } from './founding-article.ts';

const result = extractActors(FOUNDING_TITLE, foundingSentences);
const actor = (name: string): ExtractedActor => {
  const a = result.actors.find((x) => x.name === name);
  if (!a) throw new Error(`no actor ${name} in ${result.actors.map((x) => x.name).join(', ')}`);
  return a;
};
const sentenceOf = (text: string) => foundingSentences.findIndex((s) => s.text.includes(text));

describe('extractActors on the founding article', () => {
  it('finds every gold actor with its type, and nothing else', () => {
    const got = result.actors.map((a) => ({ name: a.name, type: a.type }));
    expect(new Set(got.map((a) => `${a.type}:${a.name}`))).toEqual(
      new Set(foundingGold.map((a) => `${a.type}:${a.name}`)),
    );
  });

  it('never makes actors of weekdays, months, credit agencies, demonyms or sentence starters', () => {
    const names = result.actors.flatMap((a) => [a.name, ...a.aliases]);
    for (const junk of [
      'Monday',
      'Friday',
      'Aug',
      'Sept',
      'SPUTNIK',
      'POOL',
      'AP',
      'BELTA',
      'Russian',
      'Belarusian',
      'Belarusians',
      'It’s',
      'In',
      'The',
      'While',
      'There’s',
      'Discussions',
      'West',
    ])
      expect(names).not.toContain(junk);
  });

  it('ranks the two leaders first and sorts by salience', () => {
    expect(
      result.actors
        .slice(0, 2)
        .map((a) => a.name)
        .sort(),
    ).toEqual(['Alexander Lukashenko', 'Vladimir Putin']);
    const saliences = result.actors.map((a) => a.salience);
    expect([...saliences].sort((a, b) => b - a)).toEqual(saliences);
  });

  it('strips titles into roles and keeps surface forms as aliases', () => {
    const putin = actor('Vladimir Putin');
    expect(putin.roles).toContain('Russian President');
    expect(putin.aliases).toEqual(expect.arrayContaining(['Russian President Vladimir Putin', 'Putin']));
    expect(actor('United States').aliases).toContain('U.S.');
    expect(actor('United Kingdom').aliases).toContain('U.K.');
  });

  it('merges surname and possessive mentions into the full name', () => {
    const lukashenko = actor('Alexander Lukashenko');
    // "Lukashenko’s resignation", "Lukashenko has made no concessions", "Lukashenko, 66, called …"
    for (const text of ['Lukashenko’s resignation', 'Lukashenko has made', 'Lukashenko, 66'])
      expect(lukashenko.mentions).toContain(sentenceOf(text));
    expect(result.actors.filter((a) => a.name.includes('Lukashenko'))).toHaveLength(1);
  });

  it('counts demonyms as mentions of their country', () => {
    expect(actor('Belarus').mentions).toContain(sentenceOf('Belarusian security forces'));
    expect(actor('Russia').mentions).toContain(sentenceOf('Russian gas supplies'));
  });

  it('reads roles from appositions and definite descriptions', () => {
    expect(actor('Mikhail Vinogradov').roles).toContain('heads the St. Petersburg Politics Foundation');
    expect(actor('Valery Tsepkalo').roles).toContain('opposition politician');
    expect(actor('Nigel Gould-Davies').roles).toEqual([
      'former U.K. ambassador to Belarus',
      'senior fellow at the International Institute for Strategic Studies',
    ]);
    expect(actor('Alexander Lukashenko').roles).toEqual(
      expect.arrayContaining(['Belarusian ruler', 'Belarusian president']),
    );
    // "who’s now in exile in Lithuania" is a situation, not a role.
    expect(actor('Sviatlana Tsikhanouskaya').roles).toEqual([]);
  });

  it('attributes quotes verbatim to the right speakers', () => {
    const byText = new Map(result.quotes.map((q) => [q.text, q]));
    const expected: [string, string][] = [
      ['Belarus is of huge importance', 'Mikhail Vinogradov'],
      ['Putin doesn’t want to end up on the losing side.', 'Mikhail Vinogradov'],
      ['Belarusians are really aghast at Putin’s support for Lukashenko', 'Valery Tsepkalo'],
      ['totally alien to his own people', 'Valery Tsepkalo'],
      ['older brother', 'Alexander Lukashenko'],
      ['You know what we agreed with the Russian establishment and leadership?', 'Alexander Lukashenko'],
      ['That if Belarus breaks, Russia will be next.', 'Alexander Lukashenko'],
    ];
    for (const [text, speaker] of expected) expect(byText.get(text)?.speaker, text).toBe(speaker);
    const risk = result.quotes.find((q) => q.text.startsWith('Russia will turn'));
    expect(risk?.speaker).toBe('Nigel Gould-Davies');
    for (const q of result.quotes) expect(foundingSentences[q.sentenceIndex]!.text).toContain(q.text);
  });

  it('records acting sentences', () => {
    expect(actor('Vladimir Putin').actions).toEqual(
      expect.arrayContaining([0, 1, sentenceOf('Putin said last month')]),
    );
    expect(actor('Alexander Lukashenko').actions).toContain(sentenceOf('Lukashenko, 66'));
    expect(actor('European Union').actions).toContain(sentenceOf('condemned the repression'));
    expect(actor('Vladimir Putin').actions).not.toContain(sentenceOf('Lukashenko’s ties with Putin'));
  });

  it('finds the relations the article states', () => {
    const rel = result.relations.map((r) => `${r.subject} ${r.kind} ${r.object} @${r.sentenceIndex}`);
    expect(rel).toContain(
      `Vladimir Putin supports Alexander Lukashenko @${sentenceOf('aghast at Putin’s support')}`,
    );
    expect(rel).toContain('Vladimir Putin meets Alexander Lukashenko @1');
    expect(rel).toContain('Vladimir Putin allied-with Alexander Lukashenko @0');
    for (const r of result.relations) expect(r.subject).not.toBe(r.object);
  });

  it('is deterministic', () => {
    expect(extractActors(FOUNDING_TITLE, foundingSentences)).toEqual(result);
  });
});
