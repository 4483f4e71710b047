import type { PgMigration } from '../pg-migrate.ts';

/**
 * Each server's article count kept beside its sentence totals, in the article's transaction:
 * `/actors` shows it, and `count(*)` over a server's articles read every row (168 ms at 100,000
 * articles when the visibility map is not vacuumed).
 */
export const ARTICLE_COUNTS_MIGRATION: PgMigration = {
  version: 4,
  name: "article counts: each server's number of articles kept in search_tenants",
  sql: `
    ALTER TABLE search_tenants ADD COLUMN articles integer NOT NULL DEFAULT 0;
    UPDATE search_tenants AS s SET articles = (SELECT count(*) FROM articles AS a WHERE a.tenant = s.tenant);
  `,
};
