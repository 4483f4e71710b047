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
import { RegistryOverlay } from './pg-registry-overlay.ts';

const VIEW = 'a.id, a.lead_type AS "leadType", a.lead_words AS "leadWords", a.mention_count AS mentions';

/** A registry_actors row as PostgreSQL returns it (bigint columns arrive as strings). */
export type PgGroupRow = Omit<GroupRow, 'id' | 'last_article'> & { id: string; last_article: string };

/** Reads a registry_actors row into the shared shape. */
export function toGroupRow(row: PgGroupRow): GroupRow {
  return { ...row, id: Number(row.id), last_article: Number(row.last_article) };
}

type PgView = Omit<GroupView, 'id'> & { id: string };
const toView = <T extends PgView>(r: T) => ({ ...r, id: Number(r.id) });

/** Reserved ids for new groups and the groups holding a set of keys, as one row. */
const OVERLAY_SQL = `
  SELECT ARRAY(SELECT nextval(pg_get_serial_sequence('registry_actors', 'id')) FROM generate_series(1, $3)) AS reserved,
    coalesce((SELECT json_agg(h) FROM (
      SELECT k.key, k.kind, a.* FROM registry_keys AS k JOIN registry_actors AS a ON a.id = k.actor_id
      WHERE k.tenant = $1 AND k.key = ANY($2::text[])) AS h), '[]'::json) AS hits`;

/**
 * Groups inserted or updated, key and alias rows counted up, article rows linked: one statement
 * (the keys' and links' foreign keys are checked at its end, after the groups are in).
 */
const WRITE_SQL = `
  WITH g AS (
    INSERT INTO registry_actors (id, tenant, name, name_mentions, lead_type, lead_words, w_person,
      w_organisation, w_place, mention_count, article_count, last_article, salience, roles_json)
    SELECT g.id, $1, g.name, g.nm, g.lt, g.lw, g.wp, g.wo, g.wl, g.mc, g.ac, g.la, g.sa, g.rj
    FROM unnest($2::bigint[], $3::text[], $4::int[], $5::text[], $6::int[], $7::float8[], $8::float8[],
      $9::float8[], $10::int[], $11::int[], $12::bigint[], $13::float8[], $14::text[])
      AS g (id, name, nm, lt, lw, wp, wo, wl, mc, ac, la, sa, rj)
    ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, name_mentions = EXCLUDED.name_mentions,
      lead_type = EXCLUDED.lead_type, lead_words = EXCLUDED.lead_words, w_person = EXCLUDED.w_person,
      w_organisation = EXCLUDED.w_organisation, w_place = EXCLUDED.w_place,
      mention_count = EXCLUDED.mention_count, article_count = EXCLUDED.article_count,
      last_article = EXCLUDED.last_article, salience = EXCLUDED.salience, roles_json = EXCLUDED.roles_json
  ), k AS (
    INSERT INTO registry_keys (tenant, key, kind, actor_id, rows)
    SELECT $1, key, kind, actor, n FROM unnest($15::text[], $16::smallint[], $17::bigint[], $18::int[])
      AS e (key, kind, actor, n)
    ON CONFLICT (tenant, key, kind, actor_id) DO UPDATE SET rows = registry_keys.rows + EXCLUDED.rows
  ), n AS (
    INSERT INTO registry_aliases (actor_id, alias, rows)
    SELECT actor, alias, n FROM unnest($19::bigint[], $20::text[], $21::int[]) AS e (actor, alias, n)
    ON CONFLICT (actor_id, alias) DO UPDATE SET rows = registry_aliases.rows + EXCLUDED.rows
  )
  UPDATE article_actors AS m SET registry_id = l.grp
  FROM unnest($22::bigint[], $23::bigint[]) AS l (row_id, grp) WHERE m.id = l.row_id`;

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

  /**
   * Merges one article's actor rows into the tenant's registry. Round trips are what this costs on
   * PostgreSQL (an article has a dozen actors or more): the groups of every key its rows can look up
   * are read at once, merged in memory (pg-registry-overlay.ts) and written in a few statements.
   * A loose surname absorbed by a new person (rare) is moved in the database, then the rest re-read.
   */
  async addArticleRows(rows: MemberRow[]): Promise<void> {
    let pending = mergeOrder(rows);
    while (pending.length > 0) {
      const withKeys = pending.map((row) => ({ row, keys: rowKeys(row) }));
      const overlay = await this.overlay(
        withKeys.flatMap(({ keys }) => lookupKeys(keys)),
        withKeys.length,
      );
      // A surname's absorption ends the pass: the rows after it are merged again from the database.
      let absorption: { id: number; loose: number[]; merged: number } | undefined;
      for (const [i, { row, keys }] of withKeys.entries()) {
        const found = chooseGroup(row, keys, overlay.index(lookupKeys(keys)));
        const group =
          found === undefined
            ? overlay.create((id) => seedGroup(id, this.tenant, row, keys))
            : overlay.group(found);
        overlay.links.push({ row: row.id, group: group.id });
        overlay.put(applyRow(group, row, keys));
        overlay.addMember(group.id, indexEntries(row, keys));
        // A person forming a new group takes in a loose surname seen before, when it is the one person with it.
        if (!keys.surname || found !== undefined) continue;
        const loose = looseSurnameGroups(
          group.id,
          overlay.holding(keys.surname, KIND_SURNAME),
          overlay.holding(keys.surname, KIND_NAME),
        );
        if (loose.length === 0) continue;
        absorption = { id: group.id, loose, merged: i + 1 };
        break;
      }
      // Written once per pass: a second write would count the keys and aliases twice.
      await this.write(overlay);
      if (!absorption) return;
      await this.absorb(absorption.id, absorption.loose);
      pending = pending.slice(absorption.merged);
    }
  }

  /** The stored groups holding any of the keys, with ids reserved for as many new groups as rows: one round trip. */
  private async overlay(keys: string[], rows: number): Promise<RegistryOverlay> {
    const r = await this.q<{
      reserved: string[];
      hits: (Omit<PgGroupRow, 'id'> & IndexedKey & { id: number })[];
    }>(OVERLAY_SQL, [this.tenant, [...new Set(keys)], rows]);
    const { reserved, hits } = r.rows[0]!;
    return new RegistryOverlay(
      hits.map((h) => ({
        ...toGroupRow({ ...h, id: String(h.id), last_article: String(h.last_article) }),
        key: h.key,
        kind: h.kind,
      })),
      reserved.map(Number),
    );
  }

  /** An overlay's groups, keys, names and links, in one statement. */
  private async write(overlay: RegistryOverlay): Promise<void> {
    const groups = overlay.changed();
    const keys = [...overlay.keyRows.values()];
    const aliases = [...overlay.aliasRows.values()];
    const links = overlay.links;
    await this.q(WRITE_SQL, [
      this.tenant,
      groups.map((g) => g.id),
      groups.map((g) => g.name),
      groups.map((g) => g.name_mentions),
      groups.map((g) => g.lead_type),
      groups.map((g) => g.lead_words),
      groups.map((g) => g.w_person),
      groups.map((g) => g.w_organisation),
      groups.map((g) => g.w_place),
      groups.map((g) => g.mention_count),
      groups.map((g) => g.article_count),
      groups.map((g) => g.last_article),
      groups.map((g) => g.salience),
      groups.map((g) => g.roles_json),
      keys.map((k) => k.key),
      keys.map((k) => k.kind),
      keys.map((k) => k.actor),
      keys.map((k) => k.rows),
      aliases.map((x) => x.actor),
      aliases.map((x) => x.alias),
      aliases.map((x) => x.rows),
      links.map((l) => l.row),
      links.map((l) => l.group),
    ]);
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
        chooseGroup(row, keys, await this.rowIndex(lookupKeys(keys))) ??
        (await this.create(row, keys.words)).id;
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

  private async create(row: MemberRow, words: number): Promise<GroupRow> {
    const r = await this.q<PgGroupRow>(
      `INSERT INTO registry_actors (tenant, name, name_mentions, lead_type, lead_words)
       VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [this.tenant, row.name, row.mentions, row.type, words],
    );
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
    // Keys and aliases in one statement: one round trip instead of two.
    await this.q(
      `WITH k AS (
         INSERT INTO registry_keys (tenant, key, kind, actor_id, rows)
         SELECT $1, key, kind, $2, 1 FROM unnest($3::text[], $4::smallint[]) AS e (key, kind)
         ON CONFLICT (tenant, key, kind, actor_id) DO UPDATE SET rows = registry_keys.rows + 1
       )
       INSERT INTO registry_aliases (actor_id, alias, rows) SELECT $2, alias, 1 FROM unnest($5::text[]) AS alias
       ON CONFLICT (actor_id, alias) DO UPDATE SET rows = registry_aliases.rows + 1`,
      [this.tenant, id, entries.keys.map((k) => k.key), entries.keys.map((k) => k.kind), entries.aliases],
    );
  }

  /** Loose surname groups join the person: their rows move, they go, the person's counts are recomputed. */
  private async absorb(id: number, loose: number[]): Promise<void> {
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
