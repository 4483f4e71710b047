import type { PgMigration } from '../pg-migrate.ts';
import { ARTICLE_COUNTS_MIGRATION } from './article-counts.ts';
import { ARTICLES_MIGRATION } from './articles.ts';
import { LEAD_HEADLINES_MIGRATION } from './lead-headlines.ts';
import { OPERATIONS_MIGRATION } from './operations.ts';
import { PENDING_REPLIES_MIGRATION } from './pending-replies.ts';
import { REGISTRY_MEMBER_ORDER_MIGRATION } from './registry-member-order.ts';

/**
 * Every PostgreSQL schema step, in order. Each role's tables live in their own file; a new step is
 * appended here with the next version, never edited once released.
 */
export const PG_MIGRATIONS: readonly PgMigration[] = [
  ARTICLES_MIGRATION,
  OPERATIONS_MIGRATION,
  PENDING_REPLIES_MIGRATION,
  ARTICLE_COUNTS_MIGRATION,
  REGISTRY_MEMBER_ORDER_MIGRATION,
  LEAD_HEADLINES_MIGRATION,
];
