/** Article pages for link tests, written for these tests (no third-party or founding-article text). */

export const STORY_PARAGRAPHS = [
  'The city council of Riverton voted on Tuesday to rebuild the old harbour bridge, ending a dispute that has divided residents for more than a decade.',
  'Mayor Helen Ortiz said the new bridge would carry buses and bicycles as well as cars, and that construction should begin next spring if the regional government approves the loan.',
  'Opponents, led by the shopkeepers association, argued that the closure during construction would cut the old town off from visitors for two summers in a row.',
  'The engineering firm that inspected the bridge last year found cracks in three of its supports and warned that heavy lorries should be banned until repairs are made.',
  'Council members agreed to pay for a ferry service while the bridge is closed, a compromise proposed by the opposition leader Marcus Webb during a long evening session.',
];

export interface PageOptions {
  title?: string;
  paragraphs?: string[];
  head?: string;
  lang?: string | null;
  bodyBefore?: string;
}

/** An article page with the given head metadata. */
export function articlePage(options: PageOptions = {}): string {
  const lang = options.lang === null ? '' : ` lang="${options.lang ?? 'en'}"`;
  const paragraphs = (options.paragraphs ?? STORY_PARAGRAPHS).map((p) => `<p>${p}</p>`).join('\n');
  return `<!doctype html><html${lang}><head><meta charset="utf-8"><title>${options.title ?? 'Riverton votes to rebuild harbour bridge | Riverton Post'}</title>${options.head ?? ''}</head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
${options.bodyBefore ?? ''}
<article><h1>${options.title ?? 'Riverton votes to rebuild harbour bridge'}</h1>
${paragraphs}
</article>
<footer><p>Copyright Riverton Post. All rights reserved.</p></footer></body></html>`;
}

/** The head of a page with full metadata: OpenGraph, author, canonical, JSON-LD. */
export const RICH_HEAD = `
<link rel="canonical" href="/news/2026/bridge-vote?utm_source=feed#top">
<meta property="og:title" content="Riverton votes to rebuild harbour bridge">
<meta property="og:site_name" content="Riverton Post">
<meta name="author" content="Dana Kim">
<meta property="article:published_time" content="2026-03-03T18:30:00Z">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Ignored: og:title wins","datePublished":"2026-03-01","author":{"@type":"Person","name":"Someone Else"}}</script>`;

/** A page whose only metadata is JSON-LD and a <time> element. */
export const JSON_LD_HEAD = `
<script type="application/ld+json">{"@graph":[{"@type":"WebSite","name":"x"},{"@type":"NewsArticle","headline":"Bridge vote in Riverton","author":[{"name":"Dana Kim"},{"name":"Lee Park"}],"publisher":{"@type":"Organization","name":"Riverton Post"}}]}</script>`;

export const PAYWALL_PAGE = `<!doctype html><html lang="en"><head><title>Bridge vote</title>
<script type="application/ld+json">{"@type":"NewsArticle","isAccessibleForFree":"False","headline":"Bridge vote"}</script></head>
<body><article><h1>Bridge vote</h1><p>The city council of Riverton voted on Tuesday to rebuild the old harbour bridge.</p>
<p>Subscribe to continue reading this article. Already a subscriber? Sign in.</p></article></body></html>`;

export const INDEX_PAGE = `<!doctype html><html><head><title>Riverton Post</title></head><body>
<ul><li><a href="/a">Bridge vote</a></li><li><a href="/b">Weather</a></li><li><a href="/c">Sport results</a></li></ul></body></html>`;
