import { describe, expect, it } from 'vitest';
import { extractActors } from '../../src/actors/extract.ts';
import { aliasKeys, mergeActors, resolveActor } from '../../src/actors/registry.ts';
import type { ActorType, ArticleActor } from '../../src/core/types.ts';
import { splitSentences } from '../../src/text/sentences.ts';
import { FOUNDING_TITLE, foundingSentences } from './founding-article.ts';

function rows(
  articleId: number,
  title: string,
  sentences: { text: string; paragraph: number }[],
): ArticleActor[] {
  const r = extractActors(title, sentences);
  return r.actors.map((a) => ({
    ...a,
    articleId,
    quotes: r.quotes.filter((q) => q.speaker === a.name),
    relations: r.relations.filter((x) => x.subject === a.name || x.object === a.name),
  }));
}

/** An article's actor row with only a name, type and aliases to merge by. */
function articleActor(name: string, type: ActorType, aliases: string[], articleId: number): ArticleActor {
  return {
    name,
    type,
    aliases: [name, ...aliases],
    roles: [],
    mentions: [0],
    actions: [],
    salience: 1,
    articleId,
    quotes: [],
    relations: [],
  };
}

const second = splitSentences(
  'Putin met EU leaders in Moscow on Friday. "We will not interfere," Mr Putin said. The EU heard from Tsikhanouskaya, who urged it to act.',
);
const merged = mergeActors([
  ...rows(1, FOUNDING_TITLE, foundingSentences),
  ...rows(2, 'Putin meets EU', second),
]);

describe('mergeActors', () => {
  it('merges a surname-only person into the full name across articles', () => {
    const putin = merged.filter((a) => a.name.includes('Putin'));
    expect(putin).toHaveLength(1);
    expect(putin[0]!.name).toBe('Vladimir Putin');
    expect(putin[0]!.type).toBe('person');
    expect(putin[0]!.articleIds).toEqual([1, 2]);
    expect(putin[0]!.quotes.map((q) => [q.articleId, q.text])).toContainEqual([2, 'We will not interfere']);
    expect(putin[0]!.roles).toContainEqual({ text: 'Russian President', articleId: 1 });
  });

  it('merges places and organisations by canonical name', () => {
    expect(merged.filter((a) => a.name === 'European Union')).toHaveLength(1);
    expect(merged.find((a) => a.name === 'European Union')!.articleIds).toEqual([1, 2]);
    expect(merged.find((a) => a.name === 'Moscow')!.articleIds).toEqual([1, 2]);
    expect(merged.find((a) => a.name === 'Sviatlana Tsikhanouskaya')!.articleIds).toEqual([1, 2]);
  });

  it('sorts the most important actors first', () => {
    const saliences = merged.map((a) => a.salience);
    expect([...saliences].sort((a, b) => b - a)).toEqual(saliences);
    expect(merged[0]!.type).toBe('person');
  });

  it('keeps two people who share a surname apart', () => {
    const make = (name: string, articleId: number) =>
      articleActor(name, 'person', [name.split(' ')[1]!], articleId);
    expect(
      mergeActors([make('George Bush', 1), make('Laura Bush', 2)])
        .map((a) => a.name)
        .sort(),
    ).toEqual(['George Bush', 'Laura Bush']);
  });
});

describe('mergeActors and initials', () => {
  const org = (name: string, aliases: string[], articleId: number) =>
    articleActor(name, 'organisation', aliases, articleId);

  it('never merges two names by initials their articles do not write', () => {
    const actors = mergeActors([
      org('European Union', ['EU'], 1),
      org('Edinburgh University', [], 2),
      org('Conservative Party', [], 3),
      org('Chamber of Parliament', [], 4),
    ]);
    expect(actors.map((a) => a.name).sort()).toEqual([
      'Chamber of Parliament',
      'Conservative Party',
      'Edinburgh University',
      'European Union',
    ]);
    // The written acronym still finds its organisation.
    expect(resolveActor('EU', actors)?.name).toBe('European Union');
  });

  it('merges an acronym written in one article with the name spelled out in another', () => {
    const actors = mergeActors([org('European Union', ['EU'], 1), org('EU', [], 2)]);
    expect(actors.map((a) => [a.name, a.articleIds])).toEqual([['European Union', [1, 2]]]);
  });
});

describe('resolveActor', () => {
  it.each([
    ['Putin', 'Vladimir Putin'],
    ['Vladimir Putin', 'Vladimir Putin'],
    ['Russian President Vladimir Putin', 'Vladimir Putin'],
    ['putin', 'Vladimir Putin'],
    ['Mr Putin', 'Vladimir Putin'],
    ['Mr. Putin', 'Vladimir Putin'],
    ['Tsepkalo', 'Valery Tsepkalo'],
    ['Tsikhanouskaya', 'Sviatlana Tsikhanouskaya'],
    ['Sviatlána Tsikhanóuskaya', 'Sviatlana Tsikhanouskaya'],
    ['Lukashenko’s', 'Alexander Lukashenko'],
    ['the EU', 'European Union'],
    ['EU', 'European Union'],
    ['the Kremlin', 'Kremlin'],
    ['U.S.', 'United States'],
    ['US', 'United States'],
    ['America', 'United States'],
    ['UK', 'United Kingdom'],
    ['Britain', 'United Kingdom'],
    ['IISS', 'International Institute for Strategic Studies'],
    ['st petersburg politics foundation', 'St. Petersburg Politics Foundation'],
  ])('%s → %s', (query, name) => {
    expect(resolveActor(query, merged)?.name).toBe(name);
  });

  it('returns undefined for names the articles never mention', () => {
    expect(resolveActor('Angela Merkel', merged)).toBeUndefined();
    expect(resolveActor('Merkel', merged)).toBeUndefined();
    expect(resolveActor('', merged)).toBeUndefined();
  });
});

describe('aliasKeys', () => {
  it('indexes full name, surname, surface forms and variants', () => {
    const r = extractActors(FOUNDING_TITLE, foundingSentences);
    const putin = aliasKeys(r.actors.find((a) => a.name === 'Vladimir Putin')!);
    expect(putin).toEqual(
      expect.arrayContaining(['vladimir putin', 'putin', 'russian president vladimir putin']),
    );
    const us = aliasKeys(r.actors.find((a) => a.name === 'United States')!);
    expect(us).toEqual(expect.arrayContaining(['united states', 'us', 'usa', 'america']));
    const eu = aliasKeys(r.actors.find((a) => a.name === 'European Union')!);
    expect(eu).toEqual(expect.arrayContaining(['european union', 'eu']));
    const iiss = aliasKeys(r.actors.find((a) => a.name === 'International Institute for Strategic Studies')!);
    expect(iiss).toContain('iiss');
  });

  it('keys an abbreviation inside an organisation name by all its letters, not as the country', () => {
    const senate = aliasKeys({ name: 'U.S. Senate', type: 'organisation', aliases: ['U.S. Senate'] });
    expect(senate).toContain('uss');
    expect(senate).not.toContain('us');
    const ukip = aliasKeys({ name: 'UK Independence Party', type: 'organisation', aliases: [] });
    expect(ukip).toContain('ukip');
  });
});
