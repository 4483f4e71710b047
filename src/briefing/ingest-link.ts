import type { FetchFailureCode } from '../core/fetcher.ts';
import { fail, ok, type Result } from '../core/result.ts';
import type { TenantId } from '../core/types.ts';
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
  const url = normaliseLink(link);
  if (!url) return fail('bad-url', `"${link}" is not an http(s) URL`);
  if (!services.fetcher) return fail('no-fetcher', pageMessages.noFetcher);
  const known = await services.store.findArticleByUrl(tenant, url);
  if (known) return ok({ status: 'duplicate', article: known });
  const fetched = await services.fetcher.fetch({ url, purpose: 'page' });
  if (!fetched.ok) return fail(fetched.code, lowerFirst(fetched.message));
  // The HTML parser costs ~300 ms to load; only pay it when a link arrives.
  const { webPageToArticle } = await import('../ingest/web-page.ts');
  const page = webPageToArticle(fetched.resource.text, fetched.resource.url);
  if (!page.ok) return page;
  const article = { ...page.value, url: normaliseLink(page.value.url) ?? page.value.url };
  if (overrides.title) article.title = overrides.title;
  if (overrides.publishedAt) article.publishedAt = overrides.publishedAt;
  article.source ??= new URL(article.url).hostname.replace(/^www\./, '');
  return ingestArticle(services, tenant, article);
}

/** Fetch messages are whole sentences; after "Not added:" they read as a clause. */
function lowerFirst(sentence: string): string {
  const s = sentence.replace(/\.$/, '');
  return /^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}
