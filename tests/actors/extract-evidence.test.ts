import { describe, expect, it } from 'vitest';
import { extractActors } from '../../src/actors/extract.ts';
import { splitSentences } from '../../src/text/sentences.ts';

const run = (text: string, title = '') => extractActors(title, splitSentences(text));
const typed = (text: string) => Object.fromEntries(run(text).actors.map((a) => [a.name, a.type]));

describe('actors need evidence', () => {
  it('does not make people of capitalised pairs without any', () => {
    const names = run(
      'The Happy Holidays message spread fast. Fans of Neverwinter Nights queued for the Super Bowl. Deferred Action covers many.',
    ).actors.map((a) => a.name);
    expect(names).toEqual([]);
  });

  it('takes a person from a given name, a title, a speech verb or an initial', () => {
    expect(typed('Sarah Holm won the race in record time.')['Sarah Holm']).toBe('person');
    expect(typed('The deal was signed by Senator Dag Varn on Friday.')['Dag Varn']).toBe('person');
    expect(typed('"It was close," said Tomas Ekdal after the vote.')['Tomas Ekdal']).toBe('person');
    expect(typed('The try was scored by B Kerrigan late on.')['B Kerrigan']).toBe('person');
  });

  it('merges an initial with the full name in the same article', () => {
    const r = run("Brian O'Driscoll led the side. B O'Driscoll then scored twice.");
    const people = r.actors.filter((a) => a.type === 'person');
    expect(people.map((a) => a.name)).toEqual(["Brian O'Driscoll"]);
    expect(people[0]!.aliases).toContain("B O'Driscoll");
  });

  it('strips a title that opens with an organisation word', () => {
    const r = run('Senate Majority Leader Tom Hale said the vote would wait.');
    const hale = r.actors.find((a) => a.name === 'Tom Hale');
    expect(hale?.type).toBe('person');
    expect(hale?.roles).toContain('Senate Majority Leader');
  });

  it('takes a person from a role apposition, and ends a name at a capitalised speech verb', () => {
    expect(
      typed('The plan calls on Mara Ost Vel, the acting head of the agency, to act.')['Mara Ost Vel'],
    ).toBe('person');
    // An organisation takes appositions too: "the market leader" is no evidence of a person.
    expect(typed('Norel Tab, the market leader, cut prices.')['Norel Tab']).toBeUndefined();
    const r = run('Senator Lin Dahl Tweeted Saturday that the vote would wait.');
    expect(r.actors.map((a) => a.name)).toEqual(['Lin Dahl']);
  });

  it('splits a party member qualified by a chamber or a state into what it names', () => {
    const names = run(
      'Senate Democrats blocked the plan. It was opposed by Rep. Ana Ruiz, a New Jersey Democrat, on Monday.',
    ).actors.map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['Senate', 'Democratic Party', 'New Jersey', 'Ana Ruiz']));
    expect(names).not.toContain('Senate Democrats');
    expect(names.some((n) => /Democrat$/.test(n))).toBe(false);
  });

  it('reads a party before a name as the person’s affiliation, not part of the name', () => {
    const r = run('The petition was filed by Republican Dag Varn this spring. Varn said more would sign.');
    const varn = r.actors.find((a) => a.name === 'Dag Varn');
    expect(varn?.type).toBe('person');
    expect(varn?.roles).toContain('Republican');
    expect(r.actors.map((a) => a.name)).not.toContain('Republican Dag Varn');
  });

  it('keeps a country apart from the known organisation it qualifies', () => {
    const names = run('The US Federal Bureau of Investigation opened an inquiry.').actors.map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['United States', 'FBI']));
    expect(names).toHaveLength(2);
  });

  it('keeps US, United States, United Nations and Czech Republic whole', () => {
    const names = run(
      'US officials met the United Nations envoy. The United States and the Czech Republic signed the pact.',
    ).actors.map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['United States', 'United Nations', 'Czech Republic']));
    const us = run('US officials met the envoy on Monday.').actors.map((a) => a.name);
    expect(us).toEqual(['United States']);
  });

  it('drops acronyms of things that are not organisations and needs context for repeated words', () => {
    const names = run(
      'A flaw in Internet Explorer (IE) was fixed. The Zafi virus spread. Zafi hides in mail. Anti-virus firm Sophos said it was rare. Sophos added a fix.',
    ).actors.map((a) => a.name);
    expect(names).not.toContain('IE');
    expect(names).not.toContain('Zafi');
    expect(names).toContain('Sophos');
  });
});
