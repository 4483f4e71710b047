/** One entry of a feed after normalisation, whatever the format it came in. */
export interface FeedItem {
  /** Stable identity within the feed: guid, else the normalised link, else a hash of title and date. */
  id: string;
  title: string;
  /** Absolute http(s) link to the page behind the item, resolved against the feed URL. */
  link?: string | undefined;
  /** ISO-8601 instant when the feed gives a parsable date. */
  publishedAt?: string | undefined;
  /** The item's own text (content, else summary), tags removed and entities decoded. */
  text: string;
  /** The short summary text when the feed gives one (else the start of `text`). */
  summary: string;
}

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json';

export interface ParsedFeed {
  format: FeedFormat;
  title?: string | undefined;
  /** The newest items first, at most the limit asked for. */
  items: FeedItem[];
  /** How many items the document held before the limit. */
  totalItems: number;
}
