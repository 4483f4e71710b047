import type { PgMigration } from '../pg-migrate.ts';

/**
 * Deferred Discord replies in progress (SQLite's migration 10): one row per interaction until its
 * final edit lands, leased on the database's clock so another process finishes it when its own
 * dies. The token is the interaction's webhook credential for 15 minutes; older rows are deleted.
 */
export const PENDING_REPLIES_MIGRATION: PgMigration = {
  version: 3,
  name: 'pending replies: deferred interactions in progress, with a lease, so another process can finish one',
  sql: `
    CREATE TABLE pending_replies (
      interaction_id text PRIMARY KEY,
      tenant text NOT NULL,
      application_id text NOT NULL,
      token text NOT NULL,
      command_json jsonb NOT NULL,
      user_id text NOT NULL,
      channel_id text NOT NULL,
      conversation_id text NOT NULL,
      can_manage boolean NOT NULL,
      received_at timestamptz NOT NULL,
      lease_until timestamptz NOT NULL,
      attempt integer NOT NULL DEFAULT 1
    );
    CREATE INDEX pending_replies_lease ON pending_replies (lease_until);
    CREATE INDEX pending_replies_received ON pending_replies (received_at);
    CREATE INDEX pending_replies_tenant ON pending_replies (tenant, received_at);
  `,
};
