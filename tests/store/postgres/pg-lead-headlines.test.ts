import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/clock.ts';
import { openPostgresBackend } from '../../../src/store/postgres/pg-backend.ts';
import { indexTokens, toTsvector } from '../../../src/store/postgres/pg-passage-index.ts';
import { createTestSchema, type PgTestSchema, skipPgTests } from '../../helpers/pg-schema.ts';
import { preparedArticle } from '../prepared-article.ts';

const skip = await skipPgTests();

let schema: PgTestSchema | undefined;
beforeAll(async () => {
  if (!skip) schema = await createTestSchema('pg_lead_headlines');
});
afterAll(async () => {
  await schema?.drop();
});

const open = () => openPostgresBackend({ url: schema!.url, schema: schema!.schema, clock: new FakeClock() });

// The statistics as they would be counted from scratch: what the migration's deltas must leave.
const statsFromScratch = `
  SELECT (SELECT json_agg(json_build_array(term, n) ORDER BY term) FROM (
            SELECT u.lexeme COLLATE "C" AS term, count(*)::int AS n
            FROM passages AS p CROSS JOIN LATERAL unnest(p.terms) AS u GROUP BY 1) AS c) AS terms,
         (SELECT json_agg(json_build_array(tenant, passages, tokens) ORDER BY tenant) FROM (
            SELECT p.tenant, count(*)::int AS passages, sum(p.length)::int AS tokens
            FROM passages AS p GROUP BY p.tenant) AS t) AS tenants`;
const statsKept = `
  SELECT (SELECT json_agg(json_build_array(term, passages) ORDER BY term) FROM search_terms) AS terms,
         (SELECT json_agg(json_build_array(tenant, passages::int, tokens::int) ORDER BY tenant)
            FROM search_tenants WHERE passages > 0) AS tenants`;

describe.skipIf(skip)('PostgreSQL migration 6: first sentences searched with their headlines', () => {
  it('re-indexes leads stored before it, and keeps BM25 statistics equal to a recount', async () => {
    const first = await open();
    try {
      for (const tenant of ['guild-a', 'guild-b']) {
        await first.store.addArticle(
          tenant,
          preparedArticle('Zeppelin fleet grounded', [
            'Airships stayed in their hangars on Monday.',
            'The operator blamed the wind.',
          ]),
        );
      }
      // As an older build wrote them: the lead's tokens without the headline, statistics recounted.
      const leads = await first.db.query<{ id: string; text: string; key: number }>(
        'leads',
        `SELECT p.id, p.text, t.id AS key FROM passages AS p JOIN search_tenants AS t ON t.tenant = p.tenant
         WHERE p.ordinal = 0`,
      );
      for (const lead of leads.rows) {
        const tokens = indexTokens(lead.text);
        await first.db.query(
          'old lead',
          'UPDATE passages SET terms = $2::tsvector, length = $3 WHERE id = $1',
          [lead.id, toTsvector(lead.key, tokens), tokens.length],
        );
      }
      await first.db.query(
        'old stats',
        `DELETE FROM search_terms;
         INSERT INTO search_terms (term, passages)
           SELECT u.lexeme, count(*) FROM passages AS p CROSS JOIN LATERAL unnest(p.terms) AS u GROUP BY 1;
         UPDATE search_tenants AS t SET tokens = (SELECT sum(length) FROM passages WHERE tenant = t.tenant);
         DELETE FROM schema_migrations WHERE version = 6;`,
      );
      expect(await first.store.searchPassages('guild-a', { terms: ['zeppelin'], limit: 5 })).toEqual([]);
    } finally {
      await first.close();
    }

    const again = await open();
    try {
      for (const tenant of ['guild-a', 'guild-b']) {
        const hits = await again.store.searchPassages(tenant, { terms: ['zeppelin', 'grounded'], limit: 5 });
        expect(hits.map((h) => h.text)).toEqual(['Airships stayed in their hangars on Monday.']);
      }
      const kept = (await again.db.query('kept', statsKept)).rows[0];
      const recount = (await again.db.query('recount', statsFromScratch)).rows[0];
      expect(kept).toEqual(recount);
    } finally {
      await again.close();
    }
  });
});
