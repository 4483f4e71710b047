import { describe, expect, it } from 'vitest';
import { oneEditAway } from '../../src/briefing/name-typos.ts';
import { editDistance } from '../../src/llm/offline/question-clean.ts';

describe('oneEditAway', () => {
  it('holds every deletion, insertion, replacement and swap of adjacent letters, and nothing further', () => {
    const variants = oneEditAway('bwayla');
    for (const typo of ['bwalya', 'bayla', 'bwaylas', 'bwzyla']) expect(variants).toContain(typo);
    expect(variants).not.toContain('bwayla');
    expect(variants.every((v) => editDistance('bwayla', v, 1) === 1)).toBe(true);
  });
});
