import { createHash } from 'node:crypto';
import type { CacheKeyParts } from './llm-cache.ts';

/** Where a cached result lives: the keyv namespace (the task) and the content hash inside it. */
export interface CacheAddress {
  namespace: string;
  key: string;
}

/**
 * Content address of an LLM result: namespace = task, key = sha256 of a canonical JSON of
 * promptVersion, model, inputs (in the given order: order can change the output) and options
 * (sorted by name: a record's key order never does). Nothing about who asked goes in, so two
 * tenants asking the same thing share one entry.
 */
export function cacheKey(parts: CacheKeyParts): CacheAddress {
  const options = Object.entries(parts.options ?? {})
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // An array of fixed positions is canonical by construction: no object key order to depend on.
  const canonical = JSON.stringify(['llm-cache/v1', parts.promptVersion, parts.model, parts.inputs, options]);
  return { namespace: parts.task, key: createHash('sha256').update(canonical).digest('hex') };
}
