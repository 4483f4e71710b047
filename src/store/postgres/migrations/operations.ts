import type { PgMigration } from '../pg-migrate.ts';

/**
 * What the bot runs on beside the articles: the usage ledger, digest schedules and runs, feeds with
 * their items and announcement batches, near-duplicate fingerprints and outlets. Tables mirror
 * SQLite's (store/sqlite/migrations.ts 2, 3, 4, 7); instants are timestamptz so leases compare
 * against the database's now(). Text compared or ordered as text (days, dates, item ids) is
 * COLLATE "C": byte order, as on SQLite, whatever the database's locale.
 */
export const OPERATIONS_MIGRATION: PgMigration = {
  version: 2,
  name: 'usage ledger, digest schedules and runs, feeds, near-duplicate signatures and outlets',
  sql: `
    CREATE TABLE usage_daily (
      tenant text NOT NULL,
      day text COLLATE "C" NOT NULL,
      task text NOT NULL,
      model text NOT NULL,
      calls bigint NOT NULL DEFAULT 0,
      cache_hits bigint NOT NULL DEFAULT 0,
      cache_misses bigint NOT NULL DEFAULT 0,
      prompt_tokens bigint NOT NULL DEFAULT 0,
      completion_tokens bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (tenant, day, task, model)
    );

    CREATE TABLE digest_schedules (
      id bigserial PRIMARY KEY,
      tenant text NOT NULL,
      channel_id text NOT NULL,
      topic text,
      -- The topic ignoring case and spacing ('' for none): one schedule per tenant, channel and topic.
      topic_key text NOT NULL,
      time text NOT NULL,
      timezone text NOT NULL,
      days text NOT NULL,
      length text NOT NULL,
      when_empty text NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      active_from timestamptz NOT NULL,
      paused_at timestamptz,
      disabled_code text,
      disabled_at timestamptz,
      disabled_detail text,
      -- Maintained by the store: the next due time that may run; NULL while paused or disabled.
      next_due_at timestamptz,
      UNIQUE (tenant, channel_id, topic_key)
    );
    CREATE INDEX digest_schedules_next_due ON digest_schedules (next_due_at) WHERE next_due_at IS NOT NULL;

    CREATE TABLE digest_runs (
      id bigserial PRIMARY KEY,
      schedule_id bigint NOT NULL REFERENCES digest_schedules (id) ON DELETE CASCADE,
      tenant text NOT NULL,
      local_date text COLLATE "C" NOT NULL,
      due_at timestamptz NOT NULL,
      window_start timestamptz NOT NULL,
      state text NOT NULL CHECK (state IN ('claimed', 'posting', 'posted', 'failed', 'skipped', 'unknown')),
      claimed_at timestamptz NOT NULL,
      lease_until timestamptz,
      attempt integer NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL,
      channel_id text,
      message_id text,
      thread_id text,
      reason text,
      -- The exactly-once key: claims from every process race on this constraint.
      UNIQUE (schedule_id, local_date)
    );
    CREATE INDEX digest_runs_open_lease ON digest_runs (lease_until) WHERE state IN ('claimed', 'posting');

    CREATE TABLE feeds (
      id bigserial PRIMARY KEY,
      tenant text NOT NULL,
      url text NOT NULL,
      title text,
      topic text,
      announce_channel text,
      interval_minutes integer NOT NULL,
      etag text,
      last_modified text,
      body_hash text,
      failures integer NOT NULL DEFAULT 0,
      last_error text,
      disabled_code text,
      announce_error text,
      next_poll_at timestamptz NOT NULL,
      lease_token text,
      lease_until timestamptz,
      last_polled_at timestamptz,
      baseline_at timestamptz,
      created_at timestamptz NOT NULL,
      UNIQUE (tenant, url)
    );
    CREATE INDEX feeds_due ON feeds (next_poll_at, id) WHERE disabled_code IS NULL;

    CREATE TABLE feed_announcements (
      id bigserial PRIMARY KEY,
      tenant text NOT NULL,
      feed_id bigint NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
      -- Marks the post on the transport (nonce), so a claimant after a crash can find it.
      run_id text NOT NULL UNIQUE,
      channel_id text NOT NULL,
      -- 'claimed' while someone is posting it, 'posted' once it landed.
      state text NOT NULL,
      lease_until timestamptz NOT NULL,
      message_id text,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX feed_announcements_feed ON feed_announcements (feed_id, state);

    CREATE TABLE feed_items (
      feed_id bigint NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
      item_id text COLLATE "C" NOT NULL,
      tenant text NOT NULL,
      title text NOT NULL,
      link text,
      -- ISO instant as the feed gave it; orders the announcement.
      published_at text COLLATE "C",
      article_id bigint REFERENCES articles (id) ON DELETE SET NULL,
      summary text,
      -- 'none' is never announced, 'pending' waits for a post, 'batched' is in one, 'announced' landed.
      announce_state text NOT NULL,
      batch_id bigint REFERENCES feed_announcements (id) ON DELETE SET NULL,
      seen_at timestamptz NOT NULL,
      PRIMARY KEY (feed_id, item_id)
    );
    CREATE INDEX feed_items_state ON feed_items (feed_id, announce_state);
    CREATE INDEX feed_items_batch ON feed_items (batch_id) WHERE batch_id IS NOT NULL;
    -- The ON DELETE SET NULL from articles looks items up by article_id.
    CREATE INDEX feed_items_article ON feed_items (article_id) WHERE article_id IS NOT NULL;

    CREATE TABLE article_signatures (
      article_id bigint PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
      tenant text NOT NULL,
      -- 128 little-endian uint32 MinHash values.
      signature bytea NOT NULL
    );
    CREATE TABLE article_bands (
      tenant text NOT NULL,
      band smallint NOT NULL,
      -- An unsigned 32-bit bucket: bigint holds all of it.
      bucket bigint NOT NULL,
      article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
      PRIMARY KEY (tenant, band, bucket, article_id)
    );
    -- The ON DELETE CASCADE from articles looks bands up by article_id.
    CREATE INDEX article_bands_article ON article_bands (article_id);

    CREATE TABLE article_outlets (
      id bigserial PRIMARY KEY,
      tenant text NOT NULL,
      article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
      title text NOT NULL,
      source text,
      url text,
      published_at text,
      added_at text NOT NULL,
      -- The URL, else outlet and title: the same copy arriving twice is listed once.
      outlet_key text NOT NULL,
      UNIQUE (article_id, outlet_key)
    );
  `,
};
