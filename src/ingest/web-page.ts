import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { parseIsoDate } from '../core/dates.ts';
import { fail, ok, type Result } from '../core/result.ts';
import type { NewArticle } from '../core/types.ts';
import { words } from '../text/tokens.ts';
import { paragraphsFromHtml } from './html.ts';
import { pageMessages } from './page-messages.ts';

/** Fewer readable words than this and a fetched page is not an article (a stub, a gallery, an index). */
export const MIN_PAGE_WORDS = 50;

export type PageRefusal = 'not-article' | 'paywall';

/** An article read from a fetched page, with the metadata the page gives. */
export interface WebArticle extends NewArticle {
  /** The page's canonical URL (else the URL it was fetched from), without fragment. */
  url: string;
}

type Doc = ReturnType<typeof parseHTML>['document'];

/**
 * Extracts the article of a fetched page with Readability over linkedom (no scripts run) and keeps
 * its metadata: title, byline, site name, published time (meta tags, JSON-LD, `<time>`), canonical
 * URL and language. Pages that are not articles are refused with the reason.
 */
export function webPageToArticle(html: string, pageUrl: string): Result<WebArticle, PageRefusal> {
  const { document } = parseHTML(html);
  const ld = jsonLdObjects(document);
  const meta = (selector: string): string | undefined =>
    document.querySelector(selector)?.getAttribute('content')?.trim() || undefined;
  // Readability mutates the document, so metadata is read first.
  const found = {
    url: canonicalUrl(document, pageUrl, meta('meta[property="og:url"]')),
    title:
      meta('meta[property="og:title"]') ?? meta('meta[name="twitter:title"]') ?? ldString(ld, 'headline'),
    byline: meta('meta[name="author"]') ?? ldAuthor(ld) ?? meta('meta[property="article:author"]'),
    source: meta('meta[property="og:site_name"]') ?? ldPublisher(ld) ?? meta('meta[name="application-name"]'),
    publishedAt: publishedTime(document, ld, meta),
    language: language(document, meta),
  };
  const paywalled = ld.some((o) => String(o.isAccessibleForFree).toLowerCase() === 'false');
  const parsed = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], {
    charThreshold: 200,
  }).parse();
  const text = parsed?.content ? paragraphsFromHtml(parsed.content) : '';
  const count = words(text).length;
  if (paywalled && count < 250) return fail('paywall', pageMessages.paywall);
  if (!parsed || count === 0) return fail('not-article', pageMessages.noArticle);
  if (count < MIN_PAGE_WORDS) {
    return PAYWALL_PROMPT.test(text)
      ? fail('paywall', pageMessages.paywall)
      : fail('not-article', pageMessages.tooLittleText(count, MIN_PAGE_WORDS));
  }
  return ok({
    title: found.title ?? parsed.title?.trim() ?? '',
    text,
    url: found.url,
    source: found.source ?? parsed.siteName?.trim() ?? undefined,
    byline: found.byline ?? cleanByline(parsed.byline),
    publishedAt: found.publishedAt ?? validDate(parsed.publishedTime),
    language: found.language ?? validLanguage(parsed.lang),
  });
}

const PAYWALL_PROMPT =
  /\b(subscribe|subscription|subscribers?|sign in|log in|already a (member|subscriber))\b.*\b(continue|read|access|unlock)\b|\bto continue reading\b/i;

function canonicalUrl(document: Doc, pageUrl: string, ogUrl: string | undefined): string {
  const candidates = [document.querySelector('link[rel="canonical"]')?.getAttribute('href'), ogUrl];
  for (const c of candidates) {
    if (!c?.trim()) continue;
    try {
      const u = new URL(c.trim(), pageUrl);
      if (u.protocol === 'http:' || u.protocol === 'https:') return withoutFragment(u);
    } catch {
      // A malformed canonical link is ignored; the fetched URL stands.
    }
  }
  return withoutFragment(new URL(pageUrl));
}

function withoutFragment(u: URL): string {
  u.hash = '';
  return u.href;
}

function publishedTime(
  document: Doc,
  ld: Record<string, unknown>[],
  meta: (selector: string) => string | undefined,
): string | undefined {
  const candidates = [
    meta('meta[property="article:published_time"]'),
    meta('meta[name="article:published_time"]'),
    meta('meta[itemprop="datePublished"]'),
    meta('meta[name="pubdate"]'),
    meta('meta[name="publish-date"]'),
    meta('meta[name="date"]'),
    meta('meta[name="dc.date"]'),
    meta('meta[name="DC.date.issued"]'),
    ldString(ld, 'datePublished'),
    document.querySelector('time[itemprop="datePublished"]')?.getAttribute('datetime'),
    document.querySelector('article time[datetime]')?.getAttribute('datetime'),
    document.querySelector('time[datetime]')?.getAttribute('datetime'),
  ];
  for (const c of candidates) {
    const date = validDate(c);
    if (date) return date;
  }
  return undefined;
}

/** Keeps a date only if ingestion will accept it, so a sloppy meta tag never sinks the article. */
function validDate(value: string | null | undefined): string | undefined {
  const v = value?.trim();
  return v && parseIsoDate(v) ? v : undefined;
}

function language(document: Doc, meta: (selector: string) => string | undefined): string | undefined {
  const candidates = [
    document.documentElement?.getAttribute('lang'),
    meta('meta[http-equiv="content-language"]'),
    meta('meta[property="og:locale"]')?.replace('_', '-'),
  ];
  for (const c of candidates) {
    const lang = validLanguage(c);
    if (lang) return lang;
  }
  return undefined;
}

function validLanguage(value: string | null | undefined): string | undefined {
  const v = value?.trim().split(',')[0]?.trim();
  return v && /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(v) ? v : undefined;
}

function cleanByline(value: string | null | undefined): string | undefined {
  const v = value
    ?.replace(/\s+/g, ' ')
    .replace(/^by\s+/i, '')
    .trim();
  return v && v.length <= 200 ? v : undefined;
}

/** Every object in the page's JSON-LD blocks (arrays and `@graph` flattened); malformed blocks are skipped. */
function jsonLdObjects(document: Doc): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > 4 || out.length > 200) return;
    if (Array.isArray(value)) for (const v of value) visit(v, depth + 1);
    else if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      out.push(o);
      if (o['@graph']) visit(o['@graph'], depth + 1);
    }
  };
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      visit(JSON.parse(script.textContent ?? ''), 0);
    } catch {
      // Broken JSON-LD is common; the other sources of metadata still apply.
    }
  }
  return out;
}

function ldString(ld: Record<string, unknown>[], key: string): string | undefined {
  for (const o of ld) {
    const v = o[key];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return undefined;
}

function nameOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value)) {
    const names = value.map(nameOf).filter((n): n is string => Boolean(n));
    return names.length > 0 ? names.join(', ') : undefined;
  }
  if (value && typeof value === 'object') return nameOf((value as Record<string, unknown>).name);
  return undefined;
}

function ldAuthor(ld: Record<string, unknown>[]): string | undefined {
  for (const o of ld) {
    const n = nameOf(o.author);
    if (n) return n;
  }
  return undefined;
}

function ldPublisher(ld: Record<string, unknown>[]): string | undefined {
  for (const o of ld) {
    const n = nameOf(o.publisher);
    if (n) return n;
  }
  return undefined;
}
