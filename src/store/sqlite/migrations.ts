import type Database from 'better-sqlite3';
import { StoreError } from '../../core/errors.ts';
import { copyIntoTenantIndexes, indexLeadsWithTitles } from './passage-index.ts';

/** One schema step; `version` is the `PRAGMA user_version` the database has once it is applied. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Data work SQL alone cannot do (tokenising in JS), run after `sql` in the same transaction. */
  apply?: ((db: Database.Database) => void) | undefined;
}

/**
 * The schema, oldest first. Append new steps; never edit one that has shipped, because databases
 * in the field already carry its version number.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'articles, passages with FTS5, article actors, aliases, conversations',
    sql: `
      CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        tenant TEXT NOT NULL,
        title TEXT NOT NULL,
        source TEXT,
        url TEXT,
        published_at TEXT,
        ingested_at TEXT NOT NULL,
        -- UTC ISO instant (or bare date) of published_at, else ingested_at: the newest-first and since key.
        dated_at TEXT NOT NULL,
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        word_count INTEGER NOT NULL,
        analysis_json TEXT NOT NULL,
        UNIQUE (tenant, content_hash)
      );
      CREATE INDEX articles_tenant_dated ON articles (tenant, dated_at DESC, id DESC);

      CREATE TABLE passages (
        id INTEGER PRIMARY KEY,
        tenant TEXT NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        paragraph INTEGER NOT NULL,
        text TEXT NOT NULL,
        UNIQUE (article_id, ordinal)
      );
      -- UNIQUE (article_id, ordinal) serves getPassages and the cascade; tenant is checked on those rows.

      -- External content: the sentence text is stored once (in passages); triggers keep the index in step,
      -- including deletions cascaded from articles.
      CREATE VIRTUAL TABLE passages_fts USING fts5 (
        text,
        content = 'passages',
        content_rowid = 'id',
        tokenize = 'porter unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER passages_fts_insert AFTER INSERT ON passages BEGIN
        INSERT INTO passages_fts (rowid, text) VALUES (new.id, new.text);
      END;
      CREATE TRIGGER passages_fts_delete AFTER DELETE ON passages BEGIN
        INSERT INTO passages_fts (passages_fts, rowid, text) VALUES ('delete', old.id, old.text);
      END;
      CREATE TRIGGER passages_fts_update AFTER UPDATE OF text ON passages BEGIN
        INSERT INTO passages_fts (passages_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO passages_fts (rowid, text) VALUES (new.id, new.text);
      END;

      CREATE TABLE article_actors (
        id INTEGER PRIMARY KEY,
        tenant TEXT NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        -- Order of the actor in the article's analysis, so reads return actors as the engine ranked them.
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        -- The ExtractedActor with the article's quotes and relations involving it (an ArticleActor minus articleId).
        actor_json TEXT NOT NULL
      );
      CREATE INDEX article_actors_tenant_article ON article_actors (tenant, article_id, position);
      -- The ON DELETE CASCADE from articles looks actors up by article_id alone.
      CREATE INDEX article_actors_article ON article_actors (article_id);

      CREATE TABLE actor_aliases (
        tenant TEXT NOT NULL,
        alias_key TEXT NOT NULL,
        article_actor_id INTEGER NOT NULL REFERENCES article_actors (id) ON DELETE CASCADE,
        PRIMARY KEY (article_actor_id, alias_key)
      ) WITHOUT ROWID;
      CREATE INDEX actor_aliases_tenant_key ON actor_aliases (tenant, alias_key);

      CREATE TABLE conversations (
        tenant TEXT NOT NULL,
        id TEXT NOT NULL,
        json TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (tenant, id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'usage ledger: LLM calls, tokens and cache outcomes per tenant, day, task and model',
    sql: `
      CREATE TABLE usage_daily (
        tenant TEXT NOT NULL,
        day TEXT NOT NULL,
        task TEXT NOT NULL,
        model TEXT NOT NULL,
        calls INTEGER NOT NULL DEFAULT 0,
        cache_hits INTEGER NOT NULL DEFAULT 0,
        cache_misses INTEGER NOT NULL DEFAULT 0,
        prompt_tokens INTEGER NOT NULL DEFAULT 0,
        completion_tokens INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant, day, task, model)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: 'digest schedules and their runs (claimed once per schedule and local date, with leases)',
    sql: `
      -- Instants are epoch milliseconds (INTEGER) so due-time comparisons are plain integer compares.
      CREATE TABLE digest_schedules (
        id INTEGER PRIMARY KEY,
        tenant TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        topic TEXT,
        -- The topic ignoring case and spacing ('' for none): one schedule per tenant, channel and topic.
        topic_key TEXT NOT NULL,
        time TEXT NOT NULL,
        timezone TEXT NOT NULL,
        days TEXT NOT NULL,
        length TEXT NOT NULL,
        when_empty TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        -- Due times before this are never run (creation, last resume, last update).
        active_from INTEGER NOT NULL,
        paused_at INTEGER,
        disabled_code TEXT,
        disabled_at INTEGER,
        disabled_detail TEXT,
        -- Maintained by the store: the next due time that may run; NULL while paused or disabled.
        next_due_at INTEGER,
        UNIQUE (tenant, channel_id, topic_key)
      );
      -- A tick reads only the schedules whose time has come; idle ones cost nothing.
      CREATE INDEX digest_schedules_next_due ON digest_schedules (next_due_at) WHERE next_due_at IS NOT NULL;

      CREATE TABLE digest_runs (
        id INTEGER PRIMARY KEY,
        schedule_id INTEGER NOT NULL REFERENCES digest_schedules (id) ON DELETE CASCADE,
        tenant TEXT NOT NULL,
        local_date TEXT NOT NULL,
        due_at INTEGER NOT NULL,
        window_start INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('claimed', 'posting', 'posted', 'failed', 'skipped', 'unknown')),
        claimed_at INTEGER NOT NULL,
        lease_until INTEGER,
        attempt INTEGER NOT NULL DEFAULT 1,
        updated_at INTEGER NOT NULL,
        channel_id TEXT,
        message_id TEXT,
        thread_id TEXT,
        reason TEXT,
        -- The exactly-once key: claims race on this constraint.
        UNIQUE (schedule_id, local_date)
      );
      -- Crash recovery looks only at open runs whose lease ran out.
      CREATE INDEX digest_runs_open_lease ON digest_runs (lease_until) WHERE state IN ('claimed', 'posting');
    `,
  },
  {
    version: 4,
    name: 'feeds: followed feeds with poll leases, seen items, announcement claims',
    sql: `
      CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        tenant TEXT NOT NULL,
        url TEXT NOT NULL,
        title TEXT,
        topic TEXT,
        announce_channel TEXT,
        interval_minutes INTEGER NOT NULL,
        etag TEXT,
        last_modified TEXT,
        body_hash TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        disabled_code TEXT,
        announce_error TEXT,
        -- UTC ISO instants throughout, so text comparison is time order.
        next_poll_at TEXT NOT NULL,
        lease_token TEXT,
        lease_until TEXT,
        last_polled_at TEXT,
        baseline_at TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (tenant, url)
      );
      CREATE INDEX feeds_due ON feeds (next_poll_at) WHERE disabled_code IS NULL;

      CREATE TABLE feed_announcements (
        id INTEGER PRIMARY KEY,
        tenant TEXT NOT NULL,
        feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
        -- Marks the post on the transport (nonce), so a claimant after a crash can find it.
        run_id TEXT NOT NULL UNIQUE,
        channel_id TEXT NOT NULL,
        -- 'claimed' while someone is posting it, 'posted' once it landed.
        state TEXT NOT NULL,
        lease_until TEXT NOT NULL,
        message_id TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX feed_announcements_feed ON feed_announcements (feed_id, state);

      CREATE TABLE feed_items (
        feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
        item_id TEXT NOT NULL,
        tenant TEXT NOT NULL,
        title TEXT NOT NULL,
        link TEXT,
        published_at TEXT,
        article_id INTEGER REFERENCES articles (id) ON DELETE SET NULL,
        summary TEXT,
        -- 'none' is never announced, 'pending' waits for a post, 'batched' is in one, 'announced' landed.
        announce_state TEXT NOT NULL,
        batch_id INTEGER REFERENCES feed_announcements (id) ON DELETE SET NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (feed_id, item_id)
      ) WITHOUT ROWID;
      CREATE INDEX feed_items_state ON feed_items (feed_id, announce_state);
      CREATE INDEX feed_items_batch ON feed_items (batch_id) WHERE batch_id IS NOT NULL;
      -- The ON DELETE SET NULL from articles looks items up by article_id.
      CREATE INDEX feed_items_article ON feed_items (article_id) WHERE article_id IS NOT NULL;
    `,
  },
  {
    version: 5,
    name: 'articles: byline and language of fetched pages; (tenant, url) index for duplicate links',
    sql: `
      ALTER TABLE articles ADD COLUMN byline TEXT;
      ALTER TABLE articles ADD COLUMN language TEXT;
      CREATE INDEX articles_tenant_url ON articles (tenant, url) WHERE url IS NOT NULL;
    `,
  },
  {
    version: 6,
    name: 'actor registry: merged actors per tenant with their keys and names, maintained at ingest and removal',
    sql: `
      CREATE TABLE registry_actors (
        id INTEGER PRIMARY KEY,
        tenant TEXT NOT NULL,
        -- Display name: the longest member name (then the most mentioned), as mergeActors picks it.
        name TEXT NOT NULL,
        name_mentions INTEGER NOT NULL,
        -- The longest member row decides type agreement when rows join (mergeActors' first row).
        lead_type TEXT NOT NULL,
        lead_words INTEGER NOT NULL,
        -- Type votes: mentions, plus 100 per multi-word row; the heaviest type is shown.
        w_person REAL NOT NULL DEFAULT 0,
        w_organisation REAL NOT NULL DEFAULT 0,
        w_place REAL NOT NULL DEFAULT 0,
        mention_count INTEGER NOT NULL DEFAULT 0,
        article_count INTEGER NOT NULL DEFAULT 0,
        -- Articles arrive in id order, so a new article id is a new article for the count.
        last_article INTEGER NOT NULL DEFAULT 0,
        salience REAL NOT NULL DEFAULT 0,
        roles_json TEXT NOT NULL DEFAULT '[]'
      );
      CREATE INDEX registry_actors_rank ON registry_actors (tenant, salience DESC, mention_count DESC);

      -- kind 0: a member's name; 1: a strong key (name, alias, acronym, variant); 2: a full name's surname.
      CREATE TABLE registry_keys (
        tenant TEXT NOT NULL,
        key TEXT NOT NULL,
        kind INTEGER NOT NULL,
        actor_id INTEGER NOT NULL REFERENCES registry_actors (id) ON DELETE CASCADE,
        rows INTEGER NOT NULL,
        PRIMARY KEY (tenant, key, kind, actor_id)
      ) WITHOUT ROWID;
      CREATE INDEX registry_keys_actor ON registry_keys (actor_id);

      CREATE TABLE registry_aliases (
        actor_id INTEGER NOT NULL REFERENCES registry_actors (id) ON DELETE CASCADE,
        alias TEXT NOT NULL,
        rows INTEGER NOT NULL,
        PRIMARY KEY (actor_id, alias)
      ) WITHOUT ROWID;

      -- NULL until the registry has taken the row in: the store backfills such rows when it opens.
      ALTER TABLE article_actors ADD COLUMN registry_id INTEGER REFERENCES registry_actors (id) ON DELETE SET NULL;
      ALTER TABLE article_actors ADD COLUMN quote_count INTEGER NOT NULL DEFAULT 0;
      UPDATE article_actors SET quote_count = coalesce(json_array_length(actor_json, '$.quotes'), 0);
      CREATE INDEX article_actors_registry ON article_actors (registry_id, article_id);
    `,
  },
  {
    version: 7,
    name: 'near-duplicates: MinHash signatures with LSH band buckets, other outlets of merged copies',
    sql: `
      CREATE TABLE article_signatures (
        article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        tenant TEXT NOT NULL,
        -- 128 little-endian uint32 MinHash values.
        signature BLOB NOT NULL
      );
      CREATE TABLE article_bands (
        tenant TEXT NOT NULL,
        band INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        PRIMARY KEY (tenant, band, bucket, article_id)
      ) WITHOUT ROWID;
      -- The ON DELETE CASCADE from articles looks bands up by article_id.
      CREATE INDEX article_bands_article ON article_bands (article_id);

      CREATE TABLE article_outlets (
        id INTEGER PRIMARY KEY,
        tenant TEXT NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        source TEXT,
        url TEXT,
        published_at TEXT,
        added_at TEXT NOT NULL,
        -- The URL, else outlet and title: the same copy arriving twice is listed once.
        outlet_key TEXT NOT NULL,
        UNIQUE (article_id, outlet_key)
      );
    `,
  },
  {
    version: 8,
    name: 'conversations carry a version (two writers cannot lose a turn); the per-article alias index, replaced by the registry, goes',
    sql: `
      ALTER TABLE conversations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
      DROP TABLE actor_aliases;
    `,
  },
  {
    version: 9,
    name: 'a full-text index per tenant (search_indexes maps each tenant to its own FTS5 table) replaces the shared passages_fts',
    sql: `
      -- One FTS5 table per tenant, named passage_index_<id>: BM25's document frequencies and lengths
      -- are then the tenant's own, and a query reads no other tenant's postings.
      CREATE TABLE search_indexes (
        id INTEGER PRIMARY KEY,
        tenant TEXT NOT NULL UNIQUE,
        -- Sentences in the table, kept by every writer: how stale a remembered phrase count may be.
        passages INTEGER NOT NULL DEFAULT 0
      );
      DROP TRIGGER passages_fts_insert;
      DROP TRIGGER passages_fts_delete;
      DROP TRIGGER passages_fts_update;
      DROP TABLE passages_fts;
    `,
    apply: copyIntoTenantIndexes,
  },
  {
    version: 10,
    name: 'pending replies: deferred interactions in progress, with a lease, so another process can finish one',
    sql: `
      -- One row per deferred interaction until its final edit lands; a row whose lease ran out is
      -- claimed by another process, which re-runs the command. The token is the interaction's
      -- webhook credential (15 minutes): rows older than that are deleted, never claimed.
      CREATE TABLE pending_replies (
        interaction_id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        application_id TEXT NOT NULL,
        token TEXT NOT NULL,
        command_json TEXT NOT NULL,
        user_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        can_manage INTEGER NOT NULL,
        received_at TEXT NOT NULL,
        lease_until TEXT NOT NULL,
        attempt INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX pending_replies_lease ON pending_replies (lease_until);
      CREATE INDEX pending_replies_received ON pending_replies (received_at);
      CREATE INDEX pending_replies_tenant ON pending_replies (tenant, received_at);
    `,
  },
  {
    version: 11,
    name: "an actor's members read in order from the index, its quoted members from their own",
    sql: `
      -- A question naming a big actor reads its first few quoted articles: through the plain
      -- registry index that walked every row of an actor quoted rarely or never (40,000 rows for a
      -- country at 100,000 articles). Position in the key serves ORDER BY without a sort.
      DROP INDEX article_actors_registry;
      CREATE INDEX article_actors_registry ON article_actors (registry_id, article_id, position);
      CREATE INDEX article_actors_registry_quoted ON article_actors (registry_id, article_id, position)
        WHERE quote_count > 0;
    `,
  },
  {
    version: 12,
    name: 'the actor registry is merged again without unwritten initials (they joined the European Union and Edinburgh University)',
    sql: `
      -- Emptied here and rebuilt from the stored actor rows when the store opens (the registry's
      -- backfill of rows with no registry_id), by the rules of this build.
      UPDATE article_actors SET registry_id = NULL;
      DELETE FROM registry_keys;
      DELETE FROM registry_aliases;
      DELETE FROM registry_actors;
    `,
  },
  {
    version: 13,
    name: "each article's first sentence is searched with its headline",
    sql: '',
    apply: indexLeadsWithTitles,
  },
];

/** Latest schema version this build knows. */
export const LATEST_VERSION: number = MIGRATIONS.at(-1)?.version ?? 0;

/**
 * Brings the database up to the latest version, applying only the missing steps, each in its own
 * IMMEDIATE transaction (so two processes opening the same file at once do not both apply a step).
 * Refuses a database written by a newer build rather than guessing at its schema.
 * @returns the versions applied.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  checkOrder(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  const applied: number[] = [];
  const current = userVersion(db);
  if (current > latest) {
    throw new StoreError(
      `database schema version ${current} is newer than this build supports (${latest}); upgrade briefing-bot or use another database file`,
    );
  }
  for (const step of migrations) {
    const apply = db.transaction(() => {
      // Re-read inside the write lock: another process may have applied this step meanwhile.
      if (userVersion(db) >= step.version) return false;
      db.exec(step.sql);
      step.apply?.(db);
      db.pragma(`user_version = ${step.version}`);
      return true;
    });
    try {
      if (apply.immediate()) applied.push(step.version);
    } catch (cause) {
      throw new StoreError(`schema migration ${step.version} (${step.name}) failed`, { cause });
    }
  }
  return applied;
}

/** The schema version recorded in the database header (0 for a new database). */
export function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((step, index) => {
    // Versions are integers interpolated into a PRAGMA, and must run 1, 2, 3... with no gaps.
    if (!Number.isInteger(step.version) || step.version !== index + 1) {
      throw new StoreError(`migration list out of order at ${step.name}: expected version ${index + 1}`);
    }
  });
}
