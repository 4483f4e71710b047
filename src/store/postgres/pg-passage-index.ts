import type { Passage, PassageHit, TenantId } from '../../core/types.ts';
import type { PassageQuery } from '../article-store.ts';
import { searchTokens } from '../search-tokens.ts';
import type { PgClient, PgDatabase } from './pg-database.ts';
import { SearchStatsDelta } from './pg-search-stats.ts';

/**
 * The PostgreSQL passage index: BM25 with per-tenant statistics, on the tokens SQLite indexes.
 *
 * Each sentence's tokens (store/search-tokens.ts) are stored as a tsvector of lexemes prefixed with
 * the tenant's number ("7:protest"), so the GIN index keeps each tenant's postings apart and a
 * probe never walks another tenant's sentences. Document frequencies per tenant (search_terms) and
 * the tenant's sentence count and total length (search_tenants) are kept in step at insert and
 * removal, inside the article's transaction. PostgreSQL's ts_rank_cd has no IDF, so the score is
 * computed in SQL with FTS5's bm25 formula (k1 = 1.2, b = 0.75, IDF floored at 1e-6), and SQLite
 * and PostgreSQL give the same scores for the same sentences.
 */

const K1 = 1.2;
const B = 0.75;
/** Sentences of a tenant a term must reach to count as common in it (as on SQLite). */
const COMMON_REACH = 400;
/** The newest matching sentences ranked when a question has only common words (as on SQLite). */
const RECENT_WINDOW = 2000;
/** tsvector keeps at most 256 positions per lexeme; a term's frequency in one sentence stops there. */
const MAX_POSITIONS = 256;
/** Longer runs of letters are not words anyone searches, and a tsvector lexeme must stay under 2 KiB. */
const MAX_TOKEN_CHARS = 200;
/** Distinct query tokens looked up at once: a pasted essay cannot make one unbounded statement. */
const MAX_QUERY_TOKENS = 64;

/** A sentence as the index writes it: `text` is stored, `indexed` (its text, or more) is searched. */
export interface IndexedSentence {
  ordinal: number;
  paragraph: number;
  text: string;
  indexed: string;
}

/** The tokens indexed for a text: the shared search tokens, without runs too long to be words. */
export function indexTokens(text: string): string[] {
  return searchTokens(text).filter((t) => t.length <= MAX_TOKEN_CHARS);
}

/** A tsvector literal of tenant-prefixed tokens with their (1-based) positions. */
export function toTsvector(tenantKey: number, tokens: readonly string[]): string {
  const positions = new Map<string, number[]>();
  tokens.forEach((token, i) => {
    const list = positions.get(token);
    if (list === undefined) positions.set(token, [i + 1]);
    else if (list.length < MAX_POSITIONS) list.push(i + 1);
  });
  return [...positions].map(([token, at]) => `'${tenantKey}:${token}':${at.join(',')}`).join(' ');
}

/** Writes an article's sentences; returns their change to the tenant's statistics, for the caller to apply. */
export async function insertSentences(
  client: PgClient,
  tenant: TenantId,
  tenantKey: number,
  articleId: number,
  sentences: readonly IndexedSentence[],
): Promise<SearchStatsDelta> {
  const delta = new SearchStatsDelta();
  if (sentences.length === 0) return delta;
  const vectors = sentences.map((s) => {
    const tokens = indexTokens(s.indexed);
    delta.addSentence(
      [...new Set(tokens)].map((t) => `${tenantKey}:${t}`),
      tokens.length,
    );
    return { vector: toTsvector(tenantKey, tokens), length: tokens.length };
  });
  await client.query(
    `INSERT INTO passages (tenant, article_id, ordinal, paragraph, text, terms, length)
     SELECT $1, $2, o, p, t, v::tsvector, l
     FROM unnest($3::int[], $4::int[], $5::text[], $6::text[], $7::int[]) AS s (o, p, t, v, l)`,
    [
      tenant,
      articleId,
      sentences.map((s) => s.ordinal),
      sentences.map((s) => s.paragraph),
      sentences.map((s) => s.text),
      vectors.map((v) => v.vector),
      vectors.map((v) => v.length),
    ],
  );
  return delta;
}

/** Takes an article's sentences out of the tenant's statistics; call before deleting the article. */
export async function forgetSentences(client: PgClient, tenantKey: number, articleId: number): Promise<void> {
  const delta = new SearchStatsDelta();
  const counts = await client.query<{ term: string; n: number }>(
    `SELECT u.lexeme AS term, count(*)::int AS n
     FROM passages AS p CROSS JOIN LATERAL unnest(p.terms) AS u
     WHERE p.article_id = $1 GROUP BY u.lexeme`,
    [articleId],
  );
  for (const r of counts.rows) delta.addTerm(r.term, -r.n);
  const totals = await client.query<{ n: number; len: number }>(
    'SELECT count(*)::int AS n, coalesce(sum(length), 0)::int AS len FROM passages WHERE article_id = $1',
    [articleId],
  );
  delta.addTotals(-(totals.rows[0]?.n ?? 0), -(totals.rows[0]?.len ?? 0));
  await delta.write(client, tenantKey);
}

/** The distinct query tokens of a query's words (phrases count as their words), bounded. */
export function queryTokens(terms: readonly unknown[]): string[] {
  const tokens = new Set<string>();
  for (const term of terms) {
    if (typeof term !== 'string') continue;
    for (const t of indexTokens(term)) {
      tokens.add(t);
      if (tokens.size >= MAX_QUERY_TOKENS) return [...tokens];
    }
  }
  return [...tokens];
}

/** BM25's inverse document frequency as FTS5 computes it (floored so a very common word adds a trace). */
export function bm25Idf(sentences: number, holding: number): number {
  const idf = Math.log((sentences - holding + 0.5) / (holding + 0.5));
  return idf > 0 ? idf : 1e-6;
}

/**
 * The best sentences for a query, scored in SQL. Words found in fewer than COMMON_REACH of the
 * tenant's sentences choose the candidates (every sentence holding one is scored, by every query
 * word); a question of only common words ranks the newest RECENT_WINDOW sentences holding them, as
 * SQLite does. Only the LIMIT best rows are joined back for their text.
 */
export async function searchSentences(
  db: PgDatabase,
  tenant: TenantId,
  query: PassageQuery,
): Promise<PassageHit[]> {
  const limit = Math.floor(query.limit);
  const tokens = queryTokens(query.terms);
  if (tokens.length === 0 || !(limit > 0) || query.articleIds?.length === 0) return [];
  const ids = query.articleIds?.filter((id) => Number.isSafeInteger(id));
  if (ids?.length === 0) return [];
  // The tenant's collection statistics and the query terms' document frequencies, in one round trip.
  const stats = await db.query<{
    id: number;
    sentences: string;
    tokens: string;
    term: string | null;
    holding: number;
  }>(
    'search statistics',
    `SELECT t.id, t.passages AS sentences, t.tokens, s.term, s.passages AS holding
     FROM search_tenants AS t
     LEFT JOIN LATERAL (
       SELECT term, passages FROM search_terms
       WHERE term = ANY (ARRAY(SELECT t.id || ':' || x FROM unnest($2::text[]) AS x))
     ) AS s ON true
     WHERE t.tenant = $1`,
    [tenant, tokens],
  );
  const collection = stats.rows[0];
  if (collection === undefined || Number(collection.sentences) <= 0) return [];
  const sentences = Number(collection.sentences);
  const averageLength = Math.max(Number(collection.tokens) / sentences, 1e-9);
  const found = stats.rows.flatMap((r) => (r.term === null ? [] : [{ term: r.term, passages: r.holding }]));
  if (found.length === 0) return [];
  const scored = found.map((r) => ({ ...r, idf: bm25Idf(sentences, r.passages) }));
  // With an article filter the candidates are those articles' sentences: few, so every word selects.
  const rare = ids ? scored : scored.filter((r) => r.passages < COMMON_REACH);
  const selecting = rare.length > 0 ? rare : scored;
  const recentOnly = rare.length === 0;
  const result = await db.query<{
    article_id: string;
    ordinal: number;
    paragraph: number;
    text: string;
    score: number;
  }>(
    'searchPassages',
    `WITH q (term, idf) AS (SELECT * FROM unnest($2::text[], $3::float8[])),
     candidates AS (
       -- The terms carry the tenant's key, so the GIN match is the tenant's alone; "IS TRUE" keeps
       -- the check but out of the planner's index conditions, which would AND in the tenant index
       -- and read every sentence of a big tenant (5-10 times the search at 2 million sentences).
       SELECT id, length, terms FROM passages
       WHERE (tenant = $1) IS TRUE AND terms @@ $4::tsquery
         AND ($5::bigint[] IS NULL OR article_id = ANY($5::bigint[]))
       ${recentOnly ? 'ORDER BY id DESC LIMIT $10' : ''}
     ),
     ranked AS (
       SELECT c.id,
         sum(q.idf * (u.tf * ($7::float8 + 1)) / (u.tf + $7::float8 * (1 - $8::float8 + $8::float8 * c.length / $9::float8))) AS score
       FROM candidates AS c
       CROSS JOIN LATERAL (SELECT lexeme, cardinality(positions) AS tf FROM unnest(c.terms)) AS u
       JOIN q ON q.term = u.lexeme
       GROUP BY c.id
       ORDER BY score DESC, c.id
       LIMIT $6
     )
     SELECT p.article_id, p.ordinal, p.paragraph, p.text, r.score
     FROM ranked AS r JOIN passages AS p ON p.id = r.id
     ORDER BY r.score DESC, r.id`,
    [
      tenant,
      scored.map((r) => r.term),
      scored.map((r) => r.idf),
      selecting.map((r) => `'${r.term}'`).join(' | '),
      ids ?? null,
      limit,
      K1,
      B,
      averageLength,
      ...(recentOnly ? [RECENT_WINDOW] : []),
    ],
  );
  return result.rows.map((r) => ({
    articleId: Number(r.article_id),
    ordinal: r.ordinal,
    paragraph: r.paragraph,
    text: r.text,
    score: r.score,
  }));
}

/** A sentence row as reads return it. */
export function toPassage(row: {
  article_id: string;
  ordinal: number;
  paragraph: number;
  text: string;
}): Passage {
  return {
    articleId: Number(row.article_id),
    ordinal: row.ordinal,
    paragraph: row.paragraph,
    text: row.text,
  };
}
