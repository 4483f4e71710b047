import type { PgMigration } from '../pg-migrate.ts';

/**
 * An actor's members read in order from the index, and its quoted members from their own partial
 * index: a question naming a big actor reads its first few quoted articles, which through the plain
 * registry index meant walking every row of an actor quoted rarely or never (SQLite migration 11).
 */
export const REGISTRY_MEMBER_ORDER_MIGRATION: PgMigration = {
  version: 5,
  name: "registry members: an actor's rows in order, its quoted rows in a partial index",
  sql: `
    DROP INDEX article_actors_registry;
    CREATE INDEX article_actors_registry ON article_actors (registry_id, article_id, position);
    CREATE INDEX article_actors_registry_quoted ON article_actors (registry_id, article_id, position)
      WHERE quote_count > 0;
  `,
};
