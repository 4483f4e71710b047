import type { PgMigration } from '../pg-migrate.ts';

/**
 * Articles and everything derived from them (sentences and their index, per-article actors, the
 * registry) and conversations. Tables referencing articles cascade on delete, as on SQLite.
 * Keys compared or ordered as text use COLLATE "C" so prefixes and order are bytewise, as SQLite's.
 * JSON is kept as text: jsonb refuses the \u0000 escape that JSON.stringify writes for a NUL.
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
      ingested_at text COLLATE "C" NOT NULL,
      -- UTC ISO instant (or bare date) of published_at, else ingested_at: the newest-first and since key.
      dated_at text COLLATE "C" NOT NULL,
      text text NOT NULL,
      content_hash text NOT NULL,
      word_count integer NOT NULL,
      analysis_json text NOT NULL,
      UNIQUE (tenant, content_hash)
    );
    CREATE INDEX articles_tenant_dated ON articles (tenant, dated_at DESC, id DESC);
    CREATE INDEX articles_tenant_ingested ON articles (tenant, ingested_at DESC, id DESC);
    CREATE INDEX articles_tenant_url ON articles (tenant, url) WHERE url IS NOT NULL;

    -- One row per tenant that has sentences: its number (which prefixes its index terms, so the GIN
    -- index holds each tenant's postings apart) and the BM25 collection statistics. Writers of a
    -- tenant lock this row first, so their statistics updates never interleave.
    CREATE TABLE search_tenants (
      id serial PRIMARY KEY,
      tenant text NOT NULL UNIQUE,
      passages bigint NOT NULL DEFAULT 0,
      tokens bigint NOT NULL DEFAULT 0
    );

    CREATE TABLE passages (
      id bigserial PRIMARY KEY,
      tenant text NOT NULL,
      article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
      ordinal integer NOT NULL,
      paragraph integer NOT NULL,
      text text NOT NULL,
      -- Tokens of store/search-tokens.ts (as on SQLite), each prefixed "<search_tenants.id>:", with positions.
      terms tsvector NOT NULL,
      -- Tokens in the sentence: BM25's document length.
      length integer NOT NULL,
      UNIQUE (article_id, ordinal)
    );
    -- A small pending list: searches scan it whole until it is merged, so a large one makes every
    -- search during a bulk ingest slow; merging more often costs ingest a little instead.
    CREATE INDEX passages_terms ON passages USING gin (terms) WITH (gin_pending_list_limit = 256);
    -- The newest sentences first, for questions made only of words common in the tenant (see pg-passage-search.ts).
    CREATE INDEX passages_tenant_recent ON passages (tenant, id DESC);

    -- Document frequency of each tenant-prefixed term: how many of the tenant's sentences hold it.
    CREATE TABLE search_terms (
      term text COLLATE "C" PRIMARY KEY,
      passages integer NOT NULL
    );

    CREATE TABLE registry_actors (
      id bigserial PRIMARY KEY,
      tenant text NOT NULL,
      name text NOT NULL,
      name_mentions integer NOT NULL,
      lead_type text NOT NULL,
      lead_words integer NOT NULL,
      w_person double precision NOT NULL DEFAULT 0,
      w_organisation double precision NOT NULL DEFAULT 0,
      w_place double precision NOT NULL DEFAULT 0,
      mention_count integer NOT NULL DEFAULT 0,
      article_count integer NOT NULL DEFAULT 0,
      last_article bigint NOT NULL DEFAULT 0,
      salience double precision NOT NULL DEFAULT 0,
      roles_json text NOT NULL DEFAULT '[]'
    );
    CREATE INDEX registry_actors_rank ON registry_actors (tenant, salience DESC, mention_count DESC, id);

    -- kind 0: a member's name; 1: a strong key (name, alias, acronym, variant); 2: a full name's surname.
    CREATE TABLE registry_keys (
      tenant text NOT NULL,
      key text COLLATE "C" NOT NULL,
      kind smallint NOT NULL,
      actor_id bigint NOT NULL REFERENCES registry_actors (id) ON DELETE CASCADE,
      rows integer NOT NULL,
      PRIMARY KEY (tenant, key, kind, actor_id)
    );
    CREATE INDEX registry_keys_actor ON registry_keys (actor_id);

    CREATE TABLE registry_aliases (
      actor_id bigint NOT NULL REFERENCES registry_actors (id) ON DELETE CASCADE,
      alias text COLLATE "C" NOT NULL,
      rows integer NOT NULL,
      PRIMARY KEY (actor_id, alias)
    );

    CREATE TABLE article_actors (
      id bigserial PRIMARY KEY,
      tenant text NOT NULL,
      article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
      -- Order of the actor in the article's analysis, so reads return actors as the engine ranked them.
      position integer NOT NULL,
      name text NOT NULL,
      type text NOT NULL,
      -- The ExtractedActor with the article's quotes and relations involving it (an ArticleActor minus articleId).
      actor_json text NOT NULL,
      quote_count integer NOT NULL,
      registry_id bigint REFERENCES registry_actors (id) ON DELETE SET NULL
    );
    CREATE INDEX article_actors_tenant_article ON article_actors (tenant, article_id, position);
    CREATE INDEX article_actors_article ON article_actors (article_id);
    CREATE INDEX article_actors_registry ON article_actors (registry_id, article_id);

    CREATE TABLE conversations (
      tenant text NOT NULL,
      id text NOT NULL,
      json text NOT NULL,
      updated_at text NOT NULL,
      version integer NOT NULL,
      PRIMARY KEY (tenant, id)
    );
  `,
};
