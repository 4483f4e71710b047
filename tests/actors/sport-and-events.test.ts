import { describe, expect, it } from 'vitest';
import { extractActors } from '../../src/actors/extract.ts';
import { splitSentences } from '../../src/text/sentences.ts';

const actors = (text: string) =>
  extractActors('', splitSentences(text)).actors.map((a) => `${a.type}:${a.name}`);

describe('sport stories', () => {
  it('does not take competitions named like bodies for organisations, and keeps the bodies', () => {
    const found = actors(
      'The Premier League fined the club after the Champions League tie. The Ryder Cup team was picked on Monday.',
    );
    expect(found).toContain('organisation:Premier League');
    expect(found.some((a) => a.includes('Champions League') || a.includes('Ryder Cup'))).toBe(false);
  });

  it('knows international given names as evidence of a person', () => {
    const found = actors(
      'The coach praised Thierry Marchand after the game. Ruud van Derlen was booked for a foul on Gabriel Ostra.',
    );
    expect(found).toEqual(
      expect.arrayContaining(['person:Thierry Marchand', 'person:Ruud van Derlen', 'person:Gabriel Ostra']),
    );
  });
});
