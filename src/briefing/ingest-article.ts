import { parseIsoDate } from '../core/dates.ts';
import { fail, ok, type Result } from '../core/result.ts';
import type { ArticleSummary, NewArticle, PreparedArticle, TenantId } from '../core/types.ts';
import { isInformative, minhashSignature, NEAR_DUPLICATE_SIMILARITY } from '../dedup/minhash.ts';
import { INGEST_LIMITS } from '../ingest/limits.ts';
import { shortenTitle, titleFromText } from '../ingest/titles.ts';
import type { BriefingEngine } from '../llm/engine.ts';
import type { NearDuplicateStore } from '../store/near-duplicate-store.ts';
import { cleanArticleText } from '../text/clean.ts';
import { contentHash } from '../text/hash.ts';
import { splitSentences } from '../text/sentences.ts';
import { words } from '../text/tokens.ts';
import type { Services } from './services.ts';

export type IngestOutcome =
  | { status: 'added'; article: ArticleSummary; actorCount: number }
  | { status: 'duplicate'; article: ArticleSummary }
  /** Another outlet's copy of a stored story: listed as one of its outlets, not stored or analysed again. */
  | { status: 'near-duplicate'; article: ArticleSummary; similarity: number };

export type IngestError = 'too-short' | 'too-large' | 'bad-url' | 'bad-date';

/** An article cleaned and validated, before the (costly) analysis. */
export type CheckedArticle = Omit<PreparedArticle, 'sentences' | 'analysis'>;

/** Cleans and validates an article without analysing it; nothing is stored. */
export function checkArticle(input: NewArticle): Result<CheckedArticle, IngestError> {
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
  return ok({
    title,
    text,
    source: input.source?.trim() || undefined,
    url,
    publishedAt,
    byline: input.byline?.trim() || undefined,
    language: input.language?.trim() || undefined,
    contentHash: contentHash(text),
  });
}

/** Cleans, validates and analyses an article; nothing is stored yet. */
export async function prepareArticle(
  input: NewArticle,
  engine: BriefingEngine,
  tenant: TenantId,
  /** Called with the content hash before the analysis; a returned article stops it (a duplicate). */
  findDuplicate?: (contentHash: string) => Promise<ArticleSummary | undefined>,
): Promise<Result<PreparedArticle | { duplicate: ArticleSummary }, IngestError>> {
  const checked = checkArticle(input);
  if (!checked.ok) return checked;
  // Duplicates are found before the analysis: re-ingesting a stored file costs no LLM call.
  const duplicate = await findDuplicate?.(checked.value.contentHash);
  if (duplicate) return ok({ duplicate });
  return ok(await analyse(checked.value, engine, tenant));
}

async function analyse(
  checked: CheckedArticle,
  engine: BriefingEngine,
  tenant: TenantId,
): Promise<PreparedArticle> {
  const sentences = splitSentences(checked.text);
  const analysis = await engine.analyseArticle(
    { title: checked.title, publishedAt: checked.publishedAt, sentences },
    { tenant },
  );
  return { ...checked, sentences, analysis };
}

/** What ingestion needs: the store and engine, and the near-duplicate index when copies are merged. */
export type IngestServices = Pick<Services, 'store' | 'engine'> &
  Partial<Pick<Services, 'nearDuplicates' | 'clock'>>;

/**
 * Prepares and stores one article for a tenant. The same cleaned content or link is a duplicate; with a
 * near-duplicate index, another outlet's copy of a stored story (light edits, other boilerplate)
 * is merged into it as an extra outlet, before any analysis is paid for.
 */
export async function ingestArticle(
  services: IngestServices,
  tenant: TenantId,
  input: NewArticle,
): Promise<Result<IngestOutcome, IngestError>> {
  const checked = checkArticle(input);
  if (!checked.ok) return checked;
  const signature = nearSignature(services, checked.value);
  const known = await findStoredCopy(services, tenant, checked.value, signature);
  if (known) return ok(known);
  const prepared = await analyseChecked(checked.value, services.engine, tenant, signature);
  const stored = await services.store.addArticle(tenant, prepared);
  if (stored.status === 'duplicate') return ok({ status: 'duplicate', article: stored.article });
  return ok({ status: 'added', article: stored.article, actorCount: prepared.analysis.actors.length });
}

/** The text's near-duplicate signature, when copies are merged and the text has any word triple. */
export function nearSignature(services: IngestServices, checked: CheckedArticle): Uint32Array | undefined {
  if (!services.nearDuplicates) return undefined;
  const signature = minhashSignature(checked.text);
  return isInformative(signature) ? signature : undefined;
}

/**
 * The stored article this one repeats, found before any analysis is paid for: the same content or
 * link is a duplicate, and another outlet's copy of a stored story is listed as its outlet.
 */
export async function findStoredCopy(
  services: IngestServices,
  tenant: TenantId,
  checked: CheckedArticle,
  signature: Uint32Array | undefined,
): Promise<IngestOutcome | undefined> {
  const known =
    (await services.store.findArticleByContent(tenant, checked.contentHash)) ??
    (checked.url ? await services.store.findArticleByUrl(tenant, checked.url) : undefined);
  if (known) return { status: 'duplicate', article: known };
  if (!services.nearDuplicates || !signature) return undefined;
  return mergeIntoNear(services, services.nearDuplicates, tenant, checked, signature);
}

/** Splits and analyses a checked article, carrying its signature to the store. */
export async function analyseChecked(
  checked: CheckedArticle,
  engine: BriefingEngine,
  tenant: TenantId,
  signature: Uint32Array | undefined,
): Promise<PreparedArticle> {
  const prepared = await analyse(checked, engine, tenant);
  return signature ? { ...prepared, signature } : prepared;
}

/** Lists the copy as an outlet of the stored story it matches; an identical text stays a plain duplicate. */
async function mergeIntoNear(
  services: Pick<Services, 'store'> & Partial<Pick<Services, 'clock'>>,
  copies: NearDuplicateStore,
  tenant: TenantId,
  checked: CheckedArticle,
  signature: Uint32Array,
): Promise<IngestOutcome | undefined> {
  const near = await copies.findNear(tenant, signature, NEAR_DUPLICATE_SIMILARITY);
  if (!near) return undefined;
  const original = await services.store.getArticle(tenant, near.articleId);
  if (!original) return undefined;
  const summary: ArticleSummary = {
    id: original.id,
    title: original.title,
    source: original.source,
    url: original.url,
    publishedAt: original.publishedAt,
    ingestedAt: original.ingestedAt,
    wordCount: original.wordCount,
  };
  const sameCopy = checked.url !== undefined && checked.url === original.url;
  if (!sameCopy && (checked.url || checked.source)) {
    await copies.addOutlet(tenant, original.id, {
      title: checked.title,
      source: checked.source,
      url: checked.url,
      publishedAt: checked.publishedAt,
      addedAt: (services.clock?.now() ?? new Date(original.ingestedAt)).toISOString(),
    });
  }
  if (original.contentHash === checked.contentHash) return { status: 'duplicate', article: summary };
  return { status: 'near-duplicate', article: summary, similarity: near.similarity };
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
