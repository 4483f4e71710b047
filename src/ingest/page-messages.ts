/** Why a fetched page is not stored as an article: one sentence each, shown after "Not added:". */
export const pageMessages = {
  noArticle: 'the page has no article in it (it looks like a home page, index or app page)',
  tooLittleText: (words: number, min: number) =>
    `the page has only ${words} words of readable text; an article needs at least ${min}`,
  paywall: 'the page shows only a subscription prompt (a paywall), not the article',
  notHtml: 'the link did not return a web page',
  noFetcher: 'links cannot be fetched here (no fetcher is configured)',
} as const;
