import type { FetchFailureCode } from '../core/fetcher.ts';
import { fail, ok, type Result } from '../core/result.ts';
import type { ArticleSummary, NewArticle, TenantId } from '../core/types.ts';
import { normaliseLink } from '../ingest/normalise-link.ts';
import { pageMessages } from '../ingest/page-messages.ts';
import type { PageRefusal } from '../ingest/web-page.ts';
import { type IngestError, type IngestOutcome, ingestArticle } from './ingest-article.ts';
import type { Services } from './services.ts';

export type LinkError = IngestError | PageRefusal | FetchFailureCode | 'no-fetcher';

/** What the person gave beside the link; it wins over what the page says. */
export interface LinkOverrides {
  title?: string | undefined;
  publishedAt?: string | undefined;
}

/** A fetched link: its article ready for ingestion, or the article already stored under it. */
export type FetchedLink =
  | { kind: 'article'; article: NewArticle }
  | { kind: 'known'; article: ArticleSummary };

/**
 * Fetches a link through the guarded fetcher, extracts the article and stores it. A link already
 * stored in the tenant is a duplicate without fetching again; after fetching, the page's canonical
 * URL and its content are checked too (by the store).
 */
export async function ingestLink(
  services: Pick<Services, 'store' | 'engine' | 'fetcher'>,
  tenant: TenantId,
  link: string,
  overrides: LinkOverrides = {},
): Promise<Result<IngestOutcome, LinkError>> {
  const fetched = await fetchLink(services, tenant, link, overrides);
  if (!fetched.ok) return fetched;
  if (fetched.value.kind === 'known') return ok({ status: 'duplicate', article: fetched.value.article });
  return ingestArticle(services, tenant, fetched.value.article);
}

/** The fetching half of ingestLink (no store writes), so bulk runs can fetch ahead while storing in order. */
export async function fetchLink(
  services: Pick<Services, 'store' | 'fetcher'>,
  tenant: TenantId,
  link: string,
  overrides: LinkOverrides = {},
): Promise<Result<FetchedLink, LinkError>> {
  const url = normaliseLink(link);
  if (!url) return fail('bad-url', `"${link}" is not an http(s) URL`);
  if (!services.fetcher) return fail('no-fetcher', pageMessages.noFetcher);
  const known = await services.store.findArticleByUrl(tenant, url);
  if (known) return ok({ kind: 'known', article: known });
  const fetched = await services.fetcher.fetch({ url, purpose: 'page' });
  if (!fetched.ok) return fail(fetched.code, lowerFirst(fetched.message));
  // The HTML parser costs ~300 ms to load; only pay it when a link arrives.
  const { webPageToArticle } = await import('../ingest/web-page.ts');
  const page = webPageToArticle(fetched.resource.text, fetched.resource.url);
  if (!page.ok) return page;
  const article: NewArticle = { ...page.value, url: normaliseLink(page.value.url) ?? page.value.url };
  if (overrides.title) article.title = overrides.title;
  if (overrides.publishedAt) article.publishedAt = overrides.publishedAt;
  article.source ??= new URL(page.value.url).hostname.replace(/^www\./, '');
  return ok({ kind: 'article', article });
}

/** Fetch messages are whole sentences; after "Not added:" they read as a clause. */
function lowerFirst(sentence: string): string {
  const s = sentence.replace(/\.$/, '');
  return /^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}
