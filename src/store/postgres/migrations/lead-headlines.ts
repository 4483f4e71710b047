import { indexedText } from '../../search-tokens.ts';
import type { PgClient } from '../pg-database.ts';
import type { PgMigration } from '../pg-migrate.ts';
import { indexTokens, toTsvector } from '../pg-passage-index.ts';
import { SearchStatsDelta } from '../pg-search-stats.ts';

/** Leads re-indexed per statement: bounded arrays, whatever the size of the store. */
const BATCH = 1_000;

/**
 * Each stored article's first sentence searched with its headline, as new articles are (SQLite
 * migration 13). The tokens are made here, in the build's own tokenizer, so the step is data, not
 * SQL; each tenant's BM25 statistics move by the terms its leads gained.
 */
export const LEAD_HEADLINES_MIGRATION: PgMigration = {
  version: 6,
  name: "each article's first sentence is searched with its headline",
  sql: 'SELECT 1',
  apply: indexLeadsWithTitles,
};

interface LeadRow {
  id: string;
  text: string;
  title: string;
  length: number;
  tenant_key: number;
  lexemes: string[];
}

async function indexLeadsWithTitles(client: PgClient): Promise<void> {
  for (let after = '0'; ; ) {
    const { rows } = await client.query<LeadRow>(
      `SELECT p.id, p.text, a.title, p.length, t.id AS tenant_key, tsvector_to_array(p.terms) AS lexemes
       FROM passages AS p JOIN articles AS a ON a.id = p.article_id JOIN search_tenants AS t ON t.tenant = p.tenant
       WHERE p.ordinal = 0 AND p.id > $1 ORDER BY p.id LIMIT $2`,
      [after, BATCH],
    );
    if (rows.length === 0) return;
    const deltas = new Map<number, SearchStatsDelta>();
    const updates = rows.map((row) => {
      const tokens = indexTokens(indexedText(row.title, 0, row.text));
      const delta = deltas.get(row.tenant_key) ?? new SearchStatsDelta();
      deltas.set(row.tenant_key, delta);
      delta.addSentence(row.lexemes, row.length, -1);
      delta.addSentence(
        [...new Set(tokens)].map((t) => `${row.tenant_key}:${t}`),
        tokens.length,
      );
      return { id: row.id, vector: toTsvector(row.tenant_key, tokens), length: tokens.length };
    });
    await client.query(
      `UPDATE passages AS p SET terms = u.v::tsvector, length = u.l
       FROM unnest($1::bigint[], $2::text[], $3::int[]) AS u (id, v, l) WHERE p.id = u.id`,
      [updates.map((u) => u.id), updates.map((u) => u.vector), updates.map((u) => u.length)],
    );
    for (const [tenantKey, delta] of deltas) await delta.write(client, tenantKey);
    after = rows.at(-1)!.id;
  }
}
