import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { parseIsoDate } from '../core/dates.ts';
import { flattenDeepHtml } from './html-depth.ts';

export interface HtmlArticle {
  title?: string | undefined;
  text: string;
  url?: string | undefined;
  publishedAt?: string | undefined;
  source?: string | undefined;
}

/**
 * Extracts the article from an HTML page (Readability over linkedom: fast, no script execution).
 * Falls back to the page's paragraphs when Readability finds no article.
 */
export function htmlToArticle(untrustedHtml: string): HtmlArticle {
  const html = flattenDeepHtml(untrustedHtml).html;
  const { document } = parseHTML(html);
  const meta = (selector: string): string | undefined =>
    document.querySelector(selector)?.getAttribute('content')?.trim() || undefined;
  // Page metadata is a hint: a canonical link that is not http(s) or a date in another format is
  // dropped or read leniently, never a reason to refuse the article.
  const url = [
    document.querySelector('link[rel="canonical"]')?.getAttribute('href')?.trim(),
    meta('meta[property="og:url"]'),
  ].find(isHttpUrl);
  const publishedAt = [
    meta('meta[property="article:published_time"]'),
    meta('meta[name="date"]'),
    meta('meta[itemprop="datePublished"]'),
  ]
    .map((value) => (value ? toIsoDate(value) : undefined))
    .find((value) => value !== undefined);
  const source = meta('meta[property="og:site_name"]');
  const metaTitle = meta('meta[property="og:title"]');
  // Readability mutates the document, so meta is read first.
  const parsed = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], {
    charThreshold: 200,
  }).parse();
  const fromReadability = parsed?.textContent ? paragraphsFromHtml(parsed.content ?? '') : '';
  const text = fromReadability || paragraphsFromHtml(html);
  return {
    title: metaTitle ?? parsed?.title?.trim() ?? undefined,
    text,
    url,
    publishedAt,
    source: source ?? parsed?.siteName ?? undefined,
  };
}

/** Block elements become paragraphs separated by blank lines; scripts and styles are dropped. */
export function paragraphsFromHtml(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  for (const el of document.querySelectorAll(
    'script, style, noscript, nav, footer, header, aside, form, figure figcaption',
  )) {
    el.remove();
  }
  const blocks = [...document.querySelectorAll('p, h1, h2, h3, h4, li, blockquote')]
    .filter((el) => !el.querySelector('p, li'))
    .map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim())
    .filter((t) => t.length > 0);
  if (blocks.length > 0) return blocks.join('\n\n');
  return (document.body?.textContent ?? '').replace(/[^\S\n]+/g, ' ').trim();
}

function isHttpUrl(value: string | undefined): value is string {
  if (!value) return false;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

// RFC 2822 / HTTP dates as pages print them: "Sun, 13 Sep 2020 10:00:00 GMT", "13 Sep 2020 10:00 +0200".
const RFC_2822 =
  /^(?:[A-Za-z]{3},?\s+)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:GMT|UTC|Z|[+-]\d{4}))?)?$/;

/** An ISO date as written, an RFC 2822 date converted to ISO, anything else undefined (the field is ignored). */
function toIsoDate(value: string): string | undefined {
  // ISO stays as written; ingestion normalises it with the front-matter dates.
  if (parseIsoDate(value)) return value;
  if (value.length > 64 || !RFC_2822.test(value.trim())) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
