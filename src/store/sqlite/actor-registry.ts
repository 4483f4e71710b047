import type Database from 'better-sqlite3';
import {
  chooseGroup,
  type GroupIndex,
  type GroupView,
  mergeOrder,
  type RowKeys,
  rowKeys,
} from '../../actors/registry-merge.ts';
import type { TenantId } from '../../core/types.ts';
import {
  applyRow,
  type GroupRow,
  type IndexedKey,
  indexEntries,
  indexFromHits,
  KIND_NAME,
  KIND_STRONG,
  KIND_SURNAME,
  lookupKeys,
  looseSurnameGroups,
  type MemberRow,
  seedGroup,
  toMemberRow,
} from '../registry-groups.ts';

export { type GroupRow, type MemberRow, toRegistryActor } from '../registry-groups.ts';

/** Articles backfilled per transaction when an older database is opened. */
const BACKFILL_BATCH = 500;

/**
 * Keeps each tenant's merged actors (registry_actors, their keys and names) in step with
 * article_actors. Every method runs inside the caller's transaction, so an article and its
 * registry changes commit together.
 */
export class SqliteActorRegistry {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      group: db.prepare<[number], GroupRow>('SELECT * FROM registry_actors WHERE id = ?'),
      byKind: db.prepare<[string, string, number], GroupView>(
        `SELECT a.id, a.lead_type AS leadType, a.lead_words AS leadWords, a.mention_count AS mentions
         FROM registry_keys AS k JOIN registry_actors AS a ON a.id = k.actor_id
         WHERE k.tenant = ? AND k.key = ? AND k.kind = ?`,
      ),
      // Every group holding any of a row's keys, of every kind, in one probe.
      byKeys: db.prepare<[string, string], GroupView & IndexedKey>(
        `SELECT k.key, k.kind, a.id, a.lead_type AS leadType, a.lead_words AS leadWords, a.mention_count AS mentions
         FROM registry_keys AS k JOIN registry_actors AS a ON a.id = k.actor_id
         WHERE k.tenant = ? AND k.key IN (SELECT value FROM json_each(?))`,
      ),
      create: db.prepare<[string, string, number, string, number]>(
        `INSERT INTO registry_actors (tenant, name, name_mentions, lead_type, lead_words) VALUES (?, ?, ?, ?, ?)`,
      ),
      update: db.prepare<GroupRow>(
        `UPDATE registry_actors SET name = @name, name_mentions = @name_mentions, lead_type = @lead_type,
           lead_words = @lead_words, w_person = @w_person, w_organisation = @w_organisation, w_place = @w_place,
           mention_count = @mention_count, article_count = @article_count, last_article = @last_article,
           salience = @salience, roles_json = @roles_json
         WHERE id = @id`,
      ),
      remove: db.prepare<[number]>('DELETE FROM registry_actors WHERE id = ?'),
      addKey: db.prepare<[string, string, number, number, number]>(
        `INSERT INTO registry_keys (tenant, key, kind, actor_id, rows) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (tenant, key, kind, actor_id) DO UPDATE SET rows = rows + excluded.rows`,
      ),
      addAlias: db.prepare<[number, string, number]>(
        `INSERT INTO registry_aliases (actor_id, alias, rows) VALUES (?, ?, ?)
         ON CONFLICT (actor_id, alias) DO UPDATE SET rows = rows + excluded.rows`,
      ),
      clearKeys: db.prepare<[number]>('DELETE FROM registry_keys WHERE actor_id = ?'),
      clearAliases: db.prepare<[number]>('DELETE FROM registry_aliases WHERE actor_id = ?'),
      assign: db.prepare<[number | null, number]>('UPDATE article_actors SET registry_id = ? WHERE id = ?'),
      reassign: db.prepare<[number, number]>(
        'UPDATE article_actors SET registry_id = ? WHERE registry_id = ?',
      ),
      members: db.prepare<[number], { id: number; article_id: number; actor_json: string }>(
        'SELECT id, article_id, actor_json FROM article_actors WHERE registry_id = ? ORDER BY article_id, position',
      ),
      groupsOfArticle: db.prepare<[number], { registry_id: number }>(
        'SELECT DISTINCT registry_id FROM article_actors WHERE article_id = ? AND registry_id IS NOT NULL',
      ),
      pendingArticles: db.prepare<[number, number], { article_id: number; tenant: string }>(
        `SELECT DISTINCT article_id, tenant FROM article_actors
         WHERE registry_id IS NULL AND article_id > ? ORDER BY article_id LIMIT ?`,
      ),
      articleRows: db.prepare<[number], { id: number; article_id: number; actor_json: string }>(
        'SELECT id, article_id, actor_json FROM article_actors WHERE article_id = ? ORDER BY position',
      ),
    };
  }

  /**
   * Merges one article's actor rows into the tenant's registry (rows of articles in id order).
   * `join` records each row's group: by default the stored row's registry_id is set; a new
   * article writes its row there and then, already in its group (an insert then an update of a
   * row carrying its actor JSON was a sixth of an article's store time).
   */
  addArticleRows<R extends MemberRow>(
    tenant: TenantId,
    rows: R[],
    join: (row: R, groupId: number) => void = (row, groupId) => this.s.assign.run(groupId, row.id),
  ): void {
    for (const row of mergeOrder(rows)) {
      const keys = rowKeys(row);
      const found = chooseGroup(row, keys, this.rowIndex(tenant, keys));
      const id = found ?? this.create(tenant, row, keys);
      join(row, id);
      const group = this.s.group.get(id)!;
      this.s.update.run(applyRow(group, row, keys));
      this.indexRow(tenant, id, row, keys, 1);
      // A person joining an existing group found any loose surname then, or it was ambiguous.
      if (keys.surname && found === undefined) this.absorbSurnameOnly(tenant, id, keys.surname);
    }
  }

  /** The groups holding a row's keys, read at once (the rows before it in the article may have added some). */
  private rowIndex(tenant: TenantId, keys: RowKeys): GroupIndex {
    return indexFromHits(this.s.byKeys.all(tenant, JSON.stringify(lookupKeys(keys))));
  }

  /** The groups an article's rows belong to; call before deleting the article, then {@link rebuild}. */
  groupsOfArticle(articleId: number): number[] {
    return this.s.groupsOfArticle.all(articleId).map((r) => r.registry_id);
  }

  /** Re-merges the remaining members of groups that lost rows, so a removal leaves no trace in the registry. */
  rebuild(tenant: TenantId, groupIds: number[]): void {
    const members: MemberRow[] = [];
    for (const id of groupIds) {
      members.push(...this.s.members.all(id).map(toMemberRow));
      this.s.remove.run(id);
    }
    const touched = new Set<number>();
    const index = this.index(tenant);
    for (const row of mergeOrder(members)) {
      const keys = rowKeys(row);
      const id = chooseGroup(row, keys, index) ?? this.create(tenant, row, keys);
      this.s.assign.run(id, row.id);
      // Keys now, so later rows of the rebuild can find the group; counts are recomputed below.
      this.indexRow(tenant, id, row, keys, 1);
      touched.add(id);
    }
    for (const id of touched) this.refresh(tenant, id);
  }

  /**
   * Takes in the actor rows an older database stored before the registry existed, a batch of
   * articles per transaction. Cheap when there is nothing to do (one indexed probe).
   * @returns the number of articles taken in.
   */
  backfill(): number {
    let after = 0;
    let done = 0;
    for (;;) {
      const batch = this.s.pendingArticles.all(after, BACKFILL_BATCH);
      if (batch.length === 0) return done;
      this.db
        .transaction(() => {
          for (const { article_id, tenant } of batch) {
            this.addArticleRows(tenant, this.s.articleRows.all(article_id).map(toMemberRow));
          }
        })
        .immediate();
      after = batch.at(-1)!.article_id;
      done += batch.length;
    }
  }

  private index(tenant: TenantId): GroupIndex {
    const by = (kind: number) => (key: string) => this.s.byKind.all(tenant, key, kind);
    return { byName: by(KIND_NAME), bySurname: by(KIND_SURNAME), byStrong: by(KIND_STRONG) };
  }

  private create(tenant: TenantId, row: MemberRow, keys: RowKeys): number {
    return Number(this.s.create.run(tenant, row.name, row.mentions, row.type, keys.words).lastInsertRowid);
  }

  private indexRow(tenant: TenantId, id: number, row: MemberRow, keys: RowKeys, n: number): void {
    const entries = indexEntries(row, keys);
    for (const k of entries.keys) this.s.addKey.run(tenant, k.key, k.kind, id, n);
    for (const alias of entries.aliases) this.s.addAlias.run(id, alias, n);
  }

  /**
   * A surname seen alone before any full name ("Gates" in one article, "Bill Gates" in a later one)
   * formed its own group; mergeActors, seeing all rows at once, would have put it with the person.
   * Joined only when this person is the one person with that surname, as the merge would then do.
   */
  private absorbSurnameOnly(tenant: TenantId, id: number, surname: string): void {
    const loose = looseSurnameGroups(
      id,
      this.s.byKind.all(tenant, surname, KIND_SURNAME),
      this.s.byKind.all(tenant, surname, KIND_NAME),
    );
    if (loose.length === 0) return;
    for (const g of loose) {
      this.s.reassign.run(id, g);
      this.s.remove.run(g);
    }
    this.refresh(tenant, id);
  }

  /** Recomputes a group's counts, names, keys and roles from its members (after a removal or a join). */
  private refresh(tenant: TenantId, id: number): void {
    const members = this.s.members.all(id).map(toMemberRow);
    this.s.clearKeys.run(id);
    this.s.clearAliases.run(id);
    if (members.length === 0) {
      this.s.remove.run(id);
      return;
    }
    const ordered = mergeOrder(members);
    const lead = ordered[0]!;
    const leadKeys = rowKeys(lead);
    let group = seedGroup(id, tenant, lead, leadKeys);
    // Oldest article first, as mergeActors orders a group's rows for roles and counts.
    const byArticle = [...ordered].sort((a, b) => a.articleId - b.articleId);
    for (const row of byArticle) {
      const keys = rowKeys(row);
      group = applyRow(group, row, keys);
      this.indexRow(tenant, id, row, keys, 1);
    }
    this.s.update.run(group);
  }
}
