import type { QueryResultRow } from 'pg';
import {
  chooseGroup,
  type GroupIndex,
  type GroupView,
  mergeOrder,
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
  KIND_SURNAME,
  lookupKeys,
  looseSurnameGroups,
  type MemberRow,
  seedGroup,
  toMemberRow,
} from '../registry-groups.ts';
import type { PgClient } from './pg-database.ts';

const VIEW = 'a.id, a.lead_type AS "leadType", a.lead_words AS "leadWords", a.mention_count AS mentions';

/** A registry_actors row as PostgreSQL returns it (bigint columns arrive as strings). */
export type PgGroupRow = Omit<GroupRow, 'id' | 'last_article'> & { id: string; last_article: string };

/** Reads a registry_actors row into the shared shape. */
export function toGroupRow(row: PgGroupRow): GroupRow {
  return { ...row, id: Number(row.id), last_article: Number(row.last_article) };
}

type PgView = Omit<GroupView, 'id'> & { id: string };
const toView = <T extends PgView>(r: T) => ({ ...r, id: Number(r.id) });

/**
 * Keeps a tenant's merged actors in step with article_actors on PostgreSQL, by the same rules as
 * SQLite (store/registry-groups.ts, actors/registry-merge.ts). Every method runs on the caller's
 * transaction, so an article and its registry changes commit together; the caller holds the
 * tenant's lock (see pg-search-stats.ts lockSearchTenant), so writers of a tenant take turns.
 */
export class PgActorRegistry {
  constructor(
    private readonly client: PgClient,
    private readonly tenant: TenantId,
  ) {}

  /** Merges one article's actor rows into the tenant's registry. */
  async addArticleRows(rows: MemberRow[]): Promise<void> {
    for (const row of mergeOrder(rows)) {
      const keys = rowKeys(row);
      const found = chooseGroup(row, keys, await this.rowIndex(lookupKeys(keys)));
      const id = found ?? (await this.create(row, keys.words));
      await this.q('UPDATE article_actors SET registry_id = $1 WHERE id = $2', [id, row.id]);
      const group = await this.group(id);
      await this.update(applyRow(group, row, keys));
      await this.indexRow(id, row, keys);
      // A person joining an existing group found any loose surname then, or it was ambiguous.
      if (keys.surname && found === undefined) await this.absorbSurnameOnly(id, keys.surname);
    }
  }

  /** The groups an article's rows belong to; call before deleting the article, then {@link rebuild}. */
  async groupsOfArticle(articleId: number): Promise<number[]> {
    const r = await this.q<{ registry_id: string }>(
      'SELECT DISTINCT registry_id FROM article_actors WHERE article_id = $1 AND registry_id IS NOT NULL',
      [articleId],
    );
    return r.rows.map((g) => Number(g.registry_id));
  }

  /** Re-merges the remaining members of groups that lost rows, so a removal leaves no trace. */
  async rebuild(groupIds: number[]): Promise<void> {
    const members: MemberRow[] = [];
    for (const id of groupIds) {
      members.push(...(await this.members(id)));
      await this.q('DELETE FROM registry_actors WHERE id = $1', [id]);
    }
    const touched = new Set<number>();
    for (const row of mergeOrder(members)) {
      const keys = rowKeys(row);
      const id =
        chooseGroup(row, keys, await this.rowIndex(lookupKeys(keys))) ?? (await this.create(row, keys.words));
      await this.q('UPDATE article_actors SET registry_id = $1 WHERE id = $2', [id, row.id]);
      // Keys now, so later rows of the rebuild can find the group; counts are recomputed below.
      await this.indexRow(id, row, keys);
      touched.add(id);
    }
    for (const id of touched) await this.refresh(id);
  }

  /** The groups holding a row's keys, read at once (rows merged before it may have added some). */
  private async rowIndex(keys: string[]): Promise<GroupIndex> {
    const hits = await this.q<PgView & IndexedKey>(
      `SELECT k.key, k.kind, ${VIEW} FROM registry_keys AS k JOIN registry_actors AS a ON a.id = k.actor_id
       WHERE k.tenant = $1 AND k.key = ANY($2::text[])`,
      [this.tenant, keys],
    );
    return indexFromHits(hits.rows.map(toView));
  }

  private async byKind(key: string, kind: number): Promise<GroupView[]> {
    const r = await this.q<PgView>(
      `SELECT ${VIEW} FROM registry_keys AS k JOIN registry_actors AS a ON a.id = k.actor_id
       WHERE k.tenant = $1 AND k.key = $2 AND k.kind = $3`,
      [this.tenant, key, kind],
    );
    return r.rows.map(toView);
  }

  private async create(row: MemberRow, words: number): Promise<number> {
    const r = await this.q<{ id: string }>(
      `INSERT INTO registry_actors (tenant, name, name_mentions, lead_type, lead_words)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [this.tenant, row.name, row.mentions, row.type, words],
    );
    return Number(r.rows[0]!.id);
  }

  private async group(id: number): Promise<GroupRow> {
    const r = await this.q<PgGroupRow>('SELECT * FROM registry_actors WHERE id = $1', [id]);
    return toGroupRow(r.rows[0]!);
  }

  private async update(g: GroupRow): Promise<void> {
    await this.q(
      `UPDATE registry_actors SET name = $2, name_mentions = $3, lead_type = $4, lead_words = $5, w_person = $6,
         w_organisation = $7, w_place = $8, mention_count = $9, article_count = $10, last_article = $11,
         salience = $12, roles_json = $13
       WHERE id = $1`,
      [
        g.id,
        g.name,
        g.name_mentions,
        g.lead_type,
        g.lead_words,
        g.w_person,
        g.w_organisation,
        g.w_place,
        g.mention_count,
        g.article_count,
        g.last_article,
        g.salience,
        g.roles_json,
      ],
    );
  }

  private async indexRow(id: number, row: MemberRow, keys: ReturnType<typeof rowKeys>): Promise<void> {
    const entries = indexEntries(row, keys);
    await this.q(
      `INSERT INTO registry_keys (tenant, key, kind, actor_id, rows)
       SELECT $1, key, kind, $2, 1 FROM unnest($3::text[], $4::smallint[]) AS e (key, kind)
       ON CONFLICT (tenant, key, kind, actor_id) DO UPDATE SET rows = registry_keys.rows + 1`,
      [this.tenant, id, entries.keys.map((k) => k.key), entries.keys.map((k) => k.kind)],
    );
    await this.q(
      `INSERT INTO registry_aliases (actor_id, alias, rows) SELECT $1, alias, 1 FROM unnest($2::text[]) AS alias
       ON CONFLICT (actor_id, alias) DO UPDATE SET rows = registry_aliases.rows + 1`,
      [id, entries.aliases],
    );
  }

  /** A surname seen alone before the full name joins the person once the full name arrives. */
  private async absorbSurnameOnly(id: number, surname: string): Promise<void> {
    const loose = looseSurnameGroups(
      id,
      await this.byKind(surname, KIND_SURNAME),
      await this.byKind(surname, KIND_NAME),
    );
    if (loose.length === 0) return;
    await this.q('UPDATE article_actors SET registry_id = $1 WHERE registry_id = ANY($2::bigint[])', [
      id,
      loose,
    ]);
    await this.q('DELETE FROM registry_actors WHERE id = ANY($1::bigint[])', [loose]);
    await this.refresh(id);
  }

  private async members(id: number): Promise<MemberRow[]> {
    const r = await this.q<{ id: string; article_id: string; actor_json: string }>(
      'SELECT id, article_id, actor_json FROM article_actors WHERE registry_id = $1 ORDER BY article_id, position',
      [id],
    );
    return r.rows.map((m) => toMemberRow({ ...m, id: Number(m.id), article_id: Number(m.article_id) }));
  }

  /** Recomputes a group's counts, names, keys and roles from its members (after a removal or a join). */
  private async refresh(id: number): Promise<void> {
    const members = await this.members(id);
    await this.q('DELETE FROM registry_keys WHERE actor_id = $1', [id]);
    await this.q('DELETE FROM registry_aliases WHERE actor_id = $1', [id]);
    if (members.length === 0) {
      await this.q('DELETE FROM registry_actors WHERE id = $1', [id]);
      return;
    }
    const lead = mergeOrder(members)[0]!;
    let group = seedGroup(id, this.tenant, lead, rowKeys(lead));
    // Oldest article first, as mergeActors orders a group's rows for roles and counts.
    for (const row of [...members].sort((a, b) => a.articleId - b.articleId)) {
      const keys = rowKeys(row);
      group = applyRow(group, row, keys);
      await this.indexRow(id, row, keys);
    }
    await this.update(group);
  }

  private q<R extends QueryResultRow = QueryResultRow>(sql: string, params: unknown[]) {
    return this.client.query<R>(sql, params);
  }
}
