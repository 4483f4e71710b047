import { describe, expect, it } from 'vitest';
import { cacheKey } from '../../src/llm/cache/cache-key.ts';
import type { CacheKeyParts } from '../../src/llm/cache/llm-cache.ts';

const base: CacheKeyParts = {
  task: 'analyse',
  promptVersion: 'analyse@3',
  model: 'gpt-4o-mini',
  inputs: ['sha256:aaa', 'sha256:bbb'],
  options: { length: 'short', temperature: 0 },
};

describe('cacheKey', () => {
  it('uses the task as namespace and a sha256 hex digest as key', () => {
    const { namespace, key } = cacheKey(base);
    expect(namespace).toBe('analyse');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is stable for equal content, whatever the order of option names', () => {
    const reordered = { ...base, options: { temperature: 0, length: 'short' } };
    expect(cacheKey(reordered)).toEqual(cacheKey(structuredClone(base)));
  });

  it.each([
    ['promptVersion', { promptVersion: 'analyse@4' }],
    ['model', { model: 'gpt-4o' }],
    ['inputs order', { inputs: ['sha256:bbb', 'sha256:aaa'] }],
    ['inputs', { inputs: ['sha256:aaa'] }],
    ['option value', { options: { length: 'long', temperature: 0 } }],
    ['option type', { options: { length: 'short', temperature: '0' } }],
    ['no options', { options: undefined }],
  ])('changes with %s', (_name, change) => {
    expect(cacheKey({ ...base, ...change }).key).not.toBe(cacheKey(base).key);
  });

  it('does not let values run into each other', () => {
    const a = cacheKey({ ...base, inputs: ['a,b'] });
    const b = cacheKey({ ...base, inputs: ['a', 'b'] });
    expect(a.key).not.toBe(b.key);
  });

  it('keeps the same content hash across tasks (the namespace separates them)', () => {
    expect(cacheKey({ ...base, task: 'brief' }).key).toBe(cacheKey(base).key);
  });
});
