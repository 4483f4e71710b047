import { describe, expect, it } from 'vitest';
import { numberSources, renumberCitations } from '../../src/briefing/sources.ts';
import { parseSince } from '../../src/commands/since.ts';

describe('renumberCitations', () => {
  it('renumbers to the order of use and drops citations that point nowhere', () => {
    expect(renumberCitations('A [3]. B [1] [9]. C [3].', [1, 3])).toEqual({
      text: 'A [1]. B [2]. C [1].',
      used: [3, 1],
    });
  });
});

describe('numberSources', () => {
  it('numbers articles by first appearance', () => {
    const n = numberSources([7, 3, 7, 5]);
    expect(n.ids).toEqual([7, 3, 5]);
    expect(n.numberOf(5)).toBe(3);
    expect(n.articleOf(2)).toBe(3);
  });
});

describe('parseSince', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  it('accepts periods and dates', () => {
    expect(parseSince('3d', now)).toEqual({ ok: true, value: '2026-03-07T12:00:00.000Z' });
    expect(parseSince('24h', now)).toEqual({ ok: true, value: '2026-03-09T12:00:00.000Z' });
    expect(parseSince('2026-01-02', now)).toEqual({ ok: true, value: '2026-01-02T00:00:00.000Z' });
  });
  it('refuses anything else', () => {
    expect(parseSince('last week', now).ok).toBe(false);
    expect(parseSince('2026-13-45', now).ok).toBe(false);
  });
});

describe('citations never point at the wrong source', () => {
  it('splits citation lists and drops the numbers that are not cited', () => {
    expect(renumberCitations('A [2, 5]. B [1,2].', [1, 2])).toEqual({
      text: 'A [1]. B [2][1].',
      used: [2, 1],
    });
  });
});
