import { describe, expect, it } from 'vitest';
import { webPageToArticle } from '../../src/ingest/web-page.ts';
import { articlePage, INDEX_PAGE, JSON_LD_HEAD, PAYWALL_PAGE, RICH_HEAD } from '../helpers/article-pages.ts';

const PAGE_URL = 'https://www.riverton-post.example/news/bridge?utm_medium=email';

describe('webPageToArticle', () => {
  it('keeps title, byline, site name, published time, canonical URL and language from the meta tags', () => {
    const result = webPageToArticle(articlePage({ head: RICH_HEAD }), PAGE_URL);
    if (!result.ok) throw new Error(result.message);
    expect(result.value).toMatchObject({
      title: 'Riverton votes to rebuild harbour bridge',
      byline: 'Dana Kim',
      source: 'Riverton Post',
      publishedAt: '2026-03-03T18:30:00Z',
      // Relative canonical resolved against the page; the fragment goes (tracking parameters go later).
      url: 'https://www.riverton-post.example/news/2026/bridge-vote?utm_source=feed',
      language: 'en',
    });
    expect(result.value.text).toContain('Mayor Helen Ortiz said the new bridge');
    expect(result.value.text).not.toContain('All rights reserved');
    expect(result.value.text).not.toMatch(/Home News Sport/);
  });

  it('reads JSON-LD (@graph, author lists, publisher) and a <time> element when meta tags are missing', () => {
    const page = articlePage({
      head: JSON_LD_HEAD,
      lang: 'pt-BR',
      bodyBefore: '<p class="date"><time datetime="2026-02-14">14 February</time></p>',
    });
    const result = webPageToArticle(page, PAGE_URL);
    if (!result.ok) throw new Error(result.message);
    expect(result.value).toMatchObject({
      title: 'Bridge vote in Riverton',
      byline: 'Dana Kim, Lee Park',
      source: 'Riverton Post',
      publishedAt: '2026-02-14',
      url: 'https://www.riverton-post.example/news/bridge?utm_medium=email',
      language: 'pt-BR',
    });
  });

  it('drops a published time ingestion would refuse, instead of refusing the article', () => {
    const head = '<meta property="article:published_time" content="last Tuesday">';
    const result = webPageToArticle(articlePage({ head }), PAGE_URL);
    expect(result.ok && result.value.publishedAt).toBeUndefined();
  });

  it('refuses a paywall stub and a page with too little readable text, saying why', () => {
    const paywall = webPageToArticle(PAYWALL_PAGE, PAGE_URL);
    expect(paywall).toMatchObject({ ok: false, code: 'paywall' });
    expect(!paywall.ok && paywall.message).toMatch(/subscription prompt/);
    const short = webPageToArticle(
      articlePage({ paragraphs: ['The bridge vote is on Tuesday evening.'] }),
      PAGE_URL,
    );
    expect(short).toMatchObject({ ok: false, code: 'not-article' });
    expect(!short.ok && short.message).toMatch(/only \d+ words of readable text/);
    expect(webPageToArticle(INDEX_PAGE, PAGE_URL)).toMatchObject({ ok: false, code: 'not-article' });
  });
});
