import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

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
export function htmlToArticle(html: string): HtmlArticle {
  const { document } = parseHTML(html);
  const meta = (selector: string): string | undefined =>
    document.querySelector(selector)?.getAttribute('content')?.trim() || undefined;
  const url =
    document.querySelector('link[rel="canonical"]')?.getAttribute('href')?.trim() ||
    meta('meta[property="og:url"]');
  const publishedAt = meta('meta[property="article:published_time"]') ?? meta('meta[name="date"]');
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
