import type { PgMigration } from '../pg-migrate.ts';

/**
 * Articles and everything derived from them (sentences and their index, per-article actors, the
 * registry) and conversations. Tables referencing articles cascade on delete, as on SQLite.
 */
export const ARTICLES_MIGRATION: PgMigration = {
  version: 1,
  name: 'articles, passages with per-tenant BM25 statistics, article actors, actor registry, conversations',
  sql: `
    CREATE TABLE articles (
      id bigserial PRIMARY KEY,
      tenant text NOT NULL,
      title text NOT NULL,
      source text,
      url text,
      byline text,
      language text,
      published_at text,
      ingested_at text NOT NULL,
      -- UTC ISO instant (or bare date) of published_at, else ingested_at: the newest-first and since key.
      dated_at text NOT NULL,
      text text NOT NULL,
      content_hash text NOT NULL,
      word_count integer NOT NULL,
      analysis_json jsonb NOT NULL,
      UNIQUE (tenant, content_hash)
    );
    CREATE INDEX articles_tenant_dated ON articles (tenant, dated_at DESC, id DESC);
    CREATE INDEX articles_tenant_url ON articles (tenant, url) WHERE url IS NOT NULL;
  `,
};
