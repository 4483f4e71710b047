/**
 * The rules of mergeActors applied one row at a time, so a store can keep each tenant's merged
 * actors up to date at ingest instead of merging every row of every article on each read. The
 * store answers the lookups (which groups hold a key); this file decides which group a row joins.
 */
import type { ActorType, ExtractedActor } from '../core/types.ts';
import { normaliseAlias, surnameKey } from './normalise.ts';
import { initialsKey, isSingleWord, strongKeys } from './registry.ts';

/** What a row contributes to the key index: kinds rank how precisely a key names the actor. */
export interface RowKeys {
  /** The normalised name ("anne dubois"). */
  name: string;
  /** Aliases, acronyms and variants safe for merging; the name is among them. */
  strong: string[];
  /** A multi-word person's bare surname ("dubois"): ambiguous, never used to merge two full names. */
  surname: string | undefined;
  /** An organisation's unwritten initials ("eu" of "Edinburgh University"): for lookups only, never to merge. */
  initials: string | undefined;
  /** Words in the normalised name: longer names are merged first, and lead their group. */
  words: number;
}

/** Keys of one per-article actor row. */
export function rowKeys(row: Pick<ExtractedActor, 'name' | 'type' | 'aliases'>): RowKeys {
  const name = normaliseAlias(row.name);
  const multiWordPerson = row.type === 'person' && !isSingleWord(row.name);
  return {
    name,
    strong: strongKeys(row).filter((k) => k !== ''),
    surname: multiWordPerson ? surnameKey(row.name) || undefined : undefined,
    initials: initialsKey(row),
    words: name.split(' ').filter(Boolean).length,
  };
}

/** A group as the merge rules see it: its lead row (the longest name) decides type agreement. */
export interface GroupView {
  id: number;
  leadType: ActorType;
  leadWords: number;
  mentions: number;
}

/** The groups of one tenant holding a key, by kind of key. */
export interface GroupIndex {
  byName(key: string): GroupView[];
  bySurname(key: string): GroupView[];
  byStrong(key: string): GroupView[];
}

/** Rows in the order mergeActors processes them: longest names first, so surnames find their person. */
export function mergeOrder<T extends Pick<ExtractedActor, 'name'> & { articleId: number }>(rows: T[]): T[] {
  const length = new Map(rows.map((r) => [r, rowWords(r.name)]));
  return [...rows].sort(
    (a, b) =>
      length.get(b)! - length.get(a)! ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      a.articleId - b.articleId,
  );
}

const rowWords = (name: string) => normaliseAlias(name).split(' ').filter(Boolean).length;

/** The group a row joins, by the rules of mergeActors, or undefined for a new group. */
export function chooseGroup(
  row: Pick<ExtractedActor, 'name' | 'type'>,
  keys: RowKeys,
  index: GroupIndex,
): number | undefined {
  const single = keys.words === 1;
  const agree = (g: GroupView) =>
    g.leadType === row.type ||
    (g.leadWords === 1 && g.leadType !== 'place') ||
    (single && row.type !== 'place');
  // The same name: the most recent group holding it, as mergeActors' name map keeps the last.
  const named = index
    .byName(keys.name)
    .filter(agree)
    .sort((a, b) => b.id - a.id)[0];
  if (named) return named.id;
  if (single && row.type !== 'place') {
    // A surname alone joins the person with the most mentions who has it.
    const owners = index.bySurname(keys.name).filter((g) => g.leadType === 'person');
    const owner = owners.reduce<GroupView | undefined>(
      (best, g) =>
        !best || g.mentions > best.mentions || (g.mentions === best.mentions && g.id < best.id) ? g : best,
      undefined,
    );
    if (owner) return owner.id;
  }
  // An acronym or variant another article spells out ("EU" / "European Union"): the oldest group.
  let chosen: GroupView | undefined;
  for (const k of keys.strong) {
    for (const g of index.byStrong(k)) if ((!chosen || g.id < chosen.id) && agree(g)) chosen = g;
  }
  return chosen?.id;
}
