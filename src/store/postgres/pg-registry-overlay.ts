/**
 * One article's registry changes held in memory until they are written together. Merging a row
 * needs the groups holding its keys as they are after the article's earlier rows: read one by one,
 * that is several round trips per actor, which was most of an article's store time on PostgreSQL.
 * Instead the groups of every key the article's rows can look up are read once, each row's merge
 * updates this copy, and the result is written in a few statements. The caller holds the tenant's
 * lock, so nothing else changes those groups meanwhile.
 */
import type { GroupIndex, GroupView } from '../../actors/registry-merge.ts';
import { type GroupRow, type IndexedKey, indexFromHits } from '../registry-groups.ts';

export class RegistryOverlay {
  private readonly groups = new Map<number, GroupRow>();
  /** key → "kind:id" entries, as registry_keys holds them. */
  private readonly keyed = new Map<string, Set<string>>();
  private readonly dirty = new Set<number>();
  /** (key, kind, actor) → rows to add to registry_keys.rows. */
  readonly keyRows = new Map<string, { key: string; kind: number; actor: number; rows: number }>();
  /** (actor, alias) → rows to add to registry_aliases.rows. */
  readonly aliasRows = new Map<string, { actor: number; alias: string; rows: number }>();
  /** article_actors rows and the group each joined. */
  readonly links: { row: number; group: number }[] = [];

  /** Starts from the stored groups found for the article's keys, and ids reserved for new groups. */
  constructor(
    hits: (GroupRow & IndexedKey)[],
    private readonly freeIds: number[],
  ) {
    for (const h of hits) {
      const { key, kind, ...group } = h;
      if (!this.groups.has(group.id)) this.groups.set(group.id, group);
      this.addKeyEntry(key, kind, group.id);
    }
  }

  /** The index chooseGroup reads for a row's lookup keys, as the database would answer it now. */
  index(keys: readonly string[]): GroupIndex {
    const hits: (GroupView & IndexedKey)[] = [];
    for (const key of new Set(keys)) hits.push(...this.withKey(key).map((h) => ({ ...h, key })));
    return indexFromHits(hits);
  }

  /** Groups holding a key as the given kind. */
  holding(key: string, kind: number): GroupView[] {
    return this.withKey(key)
      .filter((h) => h.kind === kind)
      .map(({ kind: _, ...view }) => view);
  }

  group(id: number): GroupRow {
    const g = this.groups.get(id);
    if (!g) throw new Error(`registry group ${id} is not in this article's overlay`);
    return g;
  }

  /** A new group with a reserved id (written by the next flush). */
  create(seed: (id: number) => GroupRow): GroupRow {
    const id = this.freeIds.shift();
    if (id === undefined) throw new Error('no reserved registry id left for this article');
    const g = seed(id);
    this.put(g);
    return g;
  }

  put(group: GroupRow): void {
    this.groups.set(group.id, group);
    this.dirty.add(group.id);
  }

  /** A member's keys and names, counted as registry_keys and registry_aliases count rows. */
  addMember(actor: number, entries: { keys: IndexedKey[]; aliases: string[] }): void {
    for (const { key, kind } of entries.keys) {
      this.addKeyEntry(key, kind, actor);
      const at = `${key}\u0000${kind}\u0000${actor}`;
      const row = this.keyRows.get(at) ?? { key, kind, actor, rows: 0 };
      row.rows++;
      this.keyRows.set(at, row);
    }
    for (const alias of entries.aliases) {
      const at = `${actor}\u0000${alias}`;
      const row = this.aliasRows.get(at) ?? { actor, alias, rows: 0 };
      row.rows++;
      this.aliasRows.set(at, row);
    }
  }

  /** Groups to insert or update. */
  changed(): GroupRow[] {
    return [...this.dirty].map((id) => this.groups.get(id)!);
  }

  private withKey(key: string): (GroupView & { kind: number })[] {
    return [...(this.keyed.get(key) ?? [])].map((entry) => {
      const [kind, id] = entry.split(':').map(Number) as [number, number];
      const g = this.groups.get(id)!;
      return { kind, id, leadType: g.lead_type, leadWords: g.lead_words, mentions: g.mention_count };
    });
  }

  private addKeyEntry(key: string, kind: number, id: number): void {
    const set = this.keyed.get(key) ?? new Set<string>();
    set.add(`${kind}:${id}`);
    this.keyed.set(key, set);
  }
}
