import { describe, expect, it } from 'vitest';
import { normaliseAlias, surnameKey } from '../../src/actors/normalise.ts';

describe('normaliseAlias', () => {
  it.each([
    ['U.S.', 'us'],
    ['St. Petersburg', 'st petersburg'],
    ['Putin’s', 'putin'],
    ["Lukashenko's", 'lukashenko'],
    ['  Sviatlána   Tsikhanóuskaya ', 'sviatlana tsikhanouskaya'],
    ['Gould-Davies', 'gould davies'],
    ['the EU', 'the eu'],
    ['U.K. ambassador', 'uk ambassador'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseAlias(input)).toBe(expected);
  });

  it('takes the surname of a full name, ignoring Jr', () => {
    expect(surnameKey('Vladimir Putin')).toBe('putin');
    expect(surnameKey('Martin Luther King Jr')).toBe('king');
  });
});
