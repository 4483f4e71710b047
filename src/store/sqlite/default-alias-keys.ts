import type { ExtractedActor } from '../../core/types.ts';

/** Fallback alias keys (lower-cased name and aliases) for when the composition root does not pass actors/registry's. */
export function defaultAliasKeys(actor: ExtractedActor): string[] {
  const keys = new Set<string>();
  for (const name of [actor.name, ...actor.aliases]) {
    const key = name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
    if (key) keys.add(key);
  }
  return [...keys];
}
