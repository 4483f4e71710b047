/**
 * The actor registry's bookkeeping shared by every backend: what a group row holds, how one more
 * member changes it, which keys and names a member indexes, and how a group reads back. The
 * backends differ only in how they read and write the rows (SQLite synchronously inside its
 * transaction, PostgreSQL with awaits inside its own); the decisions are made here and in
 * actors/registry-merge.ts.
 */
import { normaliseAlias } from '../actors/normalise.ts';
import type { GroupIndex, GroupView, RowKeys } from '../actors/registry-merge.ts';
import type { ActorType, TenantId } from '../core/types.ts';
import type { StoredActor } from './article-rows.ts';
import type { RegistryActor } from './article-store.ts';

/** Roles kept per merged actor: /actors shows the first, the answer path a few. */
export const MAX_ROLES = 5;
/** Key kinds, most precise first: a member's name, a strong key (alias, written acronym, variant), a bare surname, unwritten initials. */
export const KIND_NAME = 0;
export const KIND_STRONG = 1;
export const KIND_SURNAME = 2;
/** An organisation's unwritten initials: a question may name it so; rows never merge by them. */
export const KIND_INITIALS = 3;

/** A per-article actor row as the registry reads it. */
export interface MemberRow {
  /** article_actors.id */
  id: number;
  articleId: number;
  name: string;
  type: ActorType;
  aliases: string[];
  roles: string[];
  mentions: number;
  salience: number;
}

/** A registry_actors row. */
export interface GroupRow {
  id: number;
  tenant: string;
  name: string;
  name_mentions: number;
  lead_type: ActorType;
  lead_words: number;
  w_person: number;
  w_organisation: number;
  w_place: number;
  mention_count: number;
  article_count: number;
  last_article: number;
  salience: number;
  roles_json: string;
}

/** A key a member puts in the index, with its kind. */
export interface IndexedKey {
  key: string;
  kind: number;
}

/** The keys to look up for a row: every group holding one of them may be the row's. */
export function lookupKeys(keys: RowKeys): string[] {
  return [...new Set([keys.name, ...keys.strong, ...(keys.surname ? [keys.surname] : [])])];
}

/** A GroupIndex over the groups found for a row's keys (read in one probe). */
export function indexFromHits(hits: (GroupView & IndexedKey)[]): GroupIndex {
  const by = (kind: number) => (key: string) => hits.filter((h) => h.kind === kind && h.key === key);
  return { byName: by(KIND_NAME), bySurname: by(KIND_SURNAME), byStrong: by(KIND_STRONG) };
}

/** What one member adds to its group's key index and names. */
export function indexEntries(row: MemberRow, keys: RowKeys): { keys: IndexedKey[]; aliases: string[] } {
  const entries: IndexedKey[] = [];
  if (keys.name) entries.push({ key: keys.name, kind: KIND_NAME });
  for (const key of new Set(keys.strong)) entries.push({ key, kind: KIND_STRONG });
  if (keys.surname) entries.push({ key: keys.surname, kind: KIND_SURNAME });
  if (keys.initials) entries.push({ key: keys.initials, kind: KIND_INITIALS });
  const aliases = [...new Set([row.name, ...row.aliases])].filter((alias) => alias.trim() !== '');
  return { keys: entries, aliases };
}

/**
 * The loose surname groups a person absorbs: "Gates" seen alone before "Bill Gates" formed its own
 * group; mergeActors, seeing all rows at once, would have put it with the person. Only when this
 * person is the one person holding the surname, as the merge would then do.
 * @param owners groups holding the surname as a surname key; @param named groups holding it as a name.
 */
export function looseSurnameGroups(id: number, owners: GroupView[], named: GroupView[]): number[] {
  const people = owners.filter((g) => g.leadType === 'person');
  if (people.length !== 1 || people[0]!.id !== id) return [];
  return named.filter((g) => g.id !== id && g.leadWords === 1 && g.leadType !== 'place').map((g) => g.id);
}

/** An empty group led by `lead`, to which {@link applyRow} adds every member (a refresh). */
export function seedGroup(id: number, tenant: TenantId, lead: MemberRow, leadKeys: RowKeys): GroupRow {
  return {
    id,
    tenant,
    name: lead.name,
    name_mentions: lead.mentions,
    lead_type: lead.type,
    lead_words: leadKeys.words,
    w_person: 0,
    w_organisation: 0,
    w_place: 0,
    mention_count: 0,
    article_count: 0,
    last_article: 0,
    salience: 0,
    roles_json: '[]',
  };
}

/** The group after one more member: counts, display name, lead, type votes, first roles. */
export function applyRow(group: GroupRow, row: MemberRow, keys: RowKeys): GroupRow {
  const next = { ...group };
  // Display name: longest, then most mentioned, then alphabetical (mergeActors' canonical row).
  if (
    row.name.length > next.name.length ||
    (row.name.length === next.name.length &&
      (row.mentions > next.name_mentions ||
        (row.mentions === next.name_mentions && row.name.localeCompare(next.name) < 0)))
  ) {
    next.name = row.name;
    next.name_mentions = row.mentions;
  }
  if (keys.words > next.lead_words) {
    next.lead_type = row.type;
    next.lead_words = keys.words;
  }
  // The millionth per row makes a type present even with no mentions, as it is in mergeActors' vote.
  const vote = row.mentions + (keys.words === 1 ? 0 : 100) + 1e-6;
  if (row.type === 'person') next.w_person += vote;
  else if (row.type === 'organisation') next.w_organisation += vote;
  else next.w_place += vote;
  next.mention_count += row.mentions;
  next.salience += row.salience;
  if (row.articleId !== next.last_article) {
    next.article_count += 1;
    next.last_article = row.articleId;
  }
  const roles = JSON.parse(next.roles_json) as { text: string; articleId: number }[];
  if (roles.length < MAX_ROLES && row.roles.length > 0) {
    const seen = new Set(roles.map((r) => normaliseAlias(r.text)));
    for (const text of row.roles) {
      const k = normaliseAlias(text);
      if (seen.has(k) || roles.length >= MAX_ROLES) continue;
      seen.add(k);
      roles.push({ text, articleId: row.articleId });
    }
    next.roles_json = JSON.stringify(roles);
  }
  return next;
}

/** A stored actor row as the registry reads it. */
export function toMemberRow(r: { id: number; article_id: number; actor_json: string }): MemberRow {
  return memberRowOf(JSON.parse(r.actor_json) as StoredActor, r.article_id, r.id);
}

/** What the registry reads of an article's actor, as extracted or as stored. */
export function memberRowOf(
  a: Pick<StoredActor, 'name' | 'type' | 'aliases' | 'roles' | 'mentions' | 'salience'>,
  articleId: number,
  id: number,
): MemberRow {
  return {
    id,
    articleId,
    name: a.name,
    type: a.type,
    aliases: a.aliases,
    roles: a.roles,
    mentions: a.mentions.length,
    salience: a.salience,
  };
}

/** A registry row as the port returns it. */
export function toRegistryActor(row: GroupRow): RegistryActor {
  // The heaviest type vote; ties go alphabetically, as mergeActors breaks them.
  const votes: [ActorType, number][] = [
    ['organisation', row.w_organisation],
    ['person', row.w_person],
    ['place', row.w_place],
  ];
  const type = votes.reduce((best, v) => (v[1] > best[1] ? v : best))[0];
  return {
    id: row.id,
    name: row.name,
    type,
    roles: JSON.parse(row.roles_json) as { text: string; articleId: number }[],
    mentionCount: row.mention_count,
    articleCount: row.article_count,
    salience: Math.round(row.salience * 100) / 100,
  };
}
