import { parseIsoDate } from '../core/dates.ts';
import { fail, ok, type Result } from '../core/result.ts';
import type { ArticleSummary, NewArticle, PreparedArticle, TenantId } from '../core/types.ts';
import { INGEST_LIMITS } from '../ingest/limits.ts';
import { shortenTitle, titleFromText } from '../ingest/titles.ts';
import type { BriefingEngine } from '../llm/engine.ts';
import { cleanArticleText } from '../text/clean.ts';
import { contentHash } from '../text/hash.ts';
import { splitSentences } from '../text/sentences.ts';
import { words } from '../text/tokens.ts';
import type { Services } from './services.ts';

export type IngestOutcome =
  | { status: 'added'; article: ArticleSummary; actorCount: number }
  | { status: 'duplicate'; article: ArticleSummary };

export type IngestError = 'too-short' | 'too-large' | 'bad-url' | 'bad-date';

/** Cleans, validates and analyses an article; nothing is stored yet. */
export async function prepareArticle(
  input: NewArticle,
  engine: BriefingEngine,
  tenant: TenantId,
  /** Called with the content hash before the analysis; a returned article stops it (a duplicate). */
  findDuplicate?: (contentHash: string) => Promise<ArticleSummary | undefined>,
): Promise<Result<PreparedArticle | { duplicate: ArticleSummary }, IngestError>> {
  if (Buffer.byteLength(input.text, 'utf8') > INGEST_LIMITS.maxBytes) {
    return fail('too-large', `text is larger than the ${INGEST_LIMITS.maxBytes / (1024 * 1024)} MB limit`);
  }
  const text = cleanArticleText(input.text);
  const wordCount = words(text).length;
  if (wordCount < INGEST_LIMITS.minWords) {
    return fail(
      'too-short',
      `only ${wordCount} words after cleaning; an article needs at least ${INGEST_LIMITS.minWords}`,
    );
  }
  const url = input.url?.trim() || undefined;
  if (url && !isHttpUrl(url)) return fail('bad-url', `"${url}" is not an http(s) URL`);
  const rawDate = input.publishedAt?.trim() || undefined;
  const publishedAt = rawDate ? parseIsoDate(rawDate) : undefined;
  if (rawDate && !publishedAt) return fail('bad-date', `"${rawDate}" is not a date (use YYYY-MM-DD)`);
  const title = shortenTitle(input.title?.trim() || titleFromText(text) || 'Untitled article');
  const hash = contentHash(text);
  // Duplicates are found before the analysis: re-ingesting a stored file costs no LLM call.
  const duplicate = await findDuplicate?.(hash);
  if (duplicate) return ok({ duplicate });
  const sentences = splitSentences(text);
  const analysis = await engine.analyseArticle({ title, publishedAt, sentences }, { tenant });
  return ok({
    title,
    text,
    source: input.source?.trim() || undefined,
    url,
    publishedAt,
    contentHash: hash,
    sentences,
    analysis,
  });
}

/** Prepares and stores one article for a tenant; duplicates (same cleaned content) are reported, not stored. */
export async function ingestArticle(
  services: Pick<Services, 'store' | 'engine'>,
  tenant: TenantId,
  input: NewArticle,
): Promise<Result<IngestOutcome, IngestError>> {
  const prepared = await prepareArticle(input, services.engine, tenant, (hash) =>
    services.store.findArticleByContent(tenant, hash),
  );
  if (!prepared.ok) return prepared;
  if ('duplicate' in prepared.value) return ok({ status: 'duplicate', article: prepared.value.duplicate });
  const stored = await services.store.addArticle(tenant, prepared.value);
  if (stored.status === 'duplicate') return ok({ status: 'duplicate', article: stored.article });
  return ok({ status: 'added', article: stored.article, actorCount: prepared.value.analysis.actors.length });
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
