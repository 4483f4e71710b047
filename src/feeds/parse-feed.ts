import { type AtomFeed, parseFeed } from 'feedsmith';
import { fail, ok, type Result } from '../core/result.ts';
import type { FeedItem, ParsedFeed } from './feed-item.ts';
import { htmlFragmentToText, htmlToLine } from './html-text.ts';
import { itemIdentity, normaliseLink } from './item-identity.ts';

/** Items processed per poll: the newest ones; a feed with 10,000 entries costs no more than one with 200. */
export const MAX_ITEMS_PER_POLL = 200;

/** Longest item text kept from the feed itself (the page behind the item is fetched separately). */
const MAX_ITEM_TEXT_CHARS = 100_000;

type AnyParsed = ReturnType<typeof parseFeed>;
type FeedOf<F extends AnyParsed['format']> = Extract<AnyParsed, { format: F }>['feed'];
type RssItem = NonNullable<FeedOf<'rss'>['items']>[number];
type RdfItem = NonNullable<FeedOf<'rdf'>['items']>[number];
type AtomEntry = NonNullable<FeedOf<'atom'>['entries']>[number];
type JsonItem = NonNullable<FeedOf<'json'>['items']>[number];

/** What feedsmith gives per item, before identity and text are worked out. */
interface RawItem {
  guid?: string | undefined;
  link?: string | undefined;
  title?: string | undefined;
  /** Whether the title is HTML (RSS titles often are) or already plain text. */
  titleIsHtml: boolean;
  date?: string | undefined;
  contentHtml?: string | undefined;
  contentText?: string | undefined;
  summaryHtml?: string | undefined;
}

/**
 * Parses an RSS 2.0, RSS 1.0 (RDF), Atom or JSON Feed document into normalised items: links
 * absolute against the feed URL, titles and texts with tags removed and entities decoded, the
 * newest `maxItems` first. The XML parser expands no DTD entities (feedsmith leaves
 * `processEntities` off), so an entity-expansion bomb stays a few bytes of literal text.
 */
export function parseFeedDocument(
  body: string,
  feedUrl: string,
  maxItems = MAX_ITEMS_PER_POLL,
): Result<ParsedFeed, 'INVALID_FEED'> {
  let parsed: AnyParsed;
  try {
    parsed = parseFeed(body);
  } catch (error) {
    const reason = error instanceof Error && /unrecognized/i.test(error.message) ? 'not a feed' : 'malformed';
    return fail(
      'INVALID_FEED',
      reason === 'not a feed' ? 'not an RSS, Atom or JSON feed' : 'the feed is malformed',
    );
  }
  let raw: RawItem[];
  let title: string | undefined;
  switch (parsed.format) {
    case 'rss':
      raw = (parsed.feed.items ?? []).map(fromRss);
      title = parsed.feed.title;
      break;
    case 'rdf':
      raw = (parsed.feed.items ?? []).map(fromRdf);
      title = parsed.feed.title;
      break;
    case 'atom':
      raw = (parsed.feed.entries ?? []).map(fromAtom);
      title = atomText(parsed.feed.title);
      break;
    case 'json':
      raw = (parsed.feed.items ?? []).map(fromJson);
      title = parsed.feed.title;
      break;
  }
  const items = newestFirst(raw)
    .slice(0, maxItems)
    .map((r) => normalise(r, feedUrl));
  return ok({
    format: parsed.format,
    title: title ? htmlToLine(title) || undefined : undefined,
    items: dedupeById(items),
    totalItems: raw.length,
  });
}

function fromRss(item: RssItem): RawItem {
  const guid = item.guid?.value;
  // A permalink guid is the item's address when it has no <link>.
  const permalink = item.guid?.isPermaLink !== false && guid && /^https?:/i.test(guid) ? guid : undefined;
  return {
    guid,
    link: item.link ?? permalink,
    title: item.title,
    titleIsHtml: true,
    date: dateText(item.pubDate ?? item.dc?.dates?.[0]),
    contentHtml: item.content?.encoded,
    summaryHtml: item.description,
  };
}

function fromRdf(item: RdfItem): RawItem {
  return {
    guid: item.rdf?.about,
    link: item.link,
    title: item.title,
    titleIsHtml: true,
    date: dateText(item.dc?.dates?.[0]),
    contentHtml: item.content?.encoded,
    summaryHtml: item.description,
  };
}

function fromAtom(entry: AtomEntry): RawItem {
  const links = entry.links ?? [];
  const alternate = links.find((l) => !l.rel || l.rel === 'alternate') ?? links[0];
  const isHtml = (t: AtomFeed.Text | AtomFeed.Content | undefined) =>
    t?.type === 'html' || t?.type === 'xhtml';
  return {
    guid: entry.id,
    link: alternate?.href,
    title: atomText(entry.title),
    titleIsHtml: isHtml(entry.title),
    date: dateText(entry.published ?? entry.updated),
    contentHtml: isHtml(entry.content) ? entry.content?.value : undefined,
    contentText: isHtml(entry.content) ? undefined : entry.content?.value,
    summaryHtml: entry.summary?.value,
  };
}

function fromJson(item: JsonItem): RawItem {
  return {
    guid: item.id === undefined ? undefined : String(item.id),
    link: item.url ?? item.external_url,
    title: item.title,
    titleIsHtml: false,
    date: dateText(item.date_published ?? item.date_modified),
    contentHtml: item.content_html,
    contentText: item.content_text,
    summaryHtml: item.summary,
  };
}

function atomText(text: AtomFeed.Text | undefined): string | undefined {
  return text?.value;
}

function normalise(raw: RawItem, feedUrl: string): FeedItem {
  const link = raw.link ? normaliseLink(decodeLink(raw.link), feedUrl) : undefined;
  const publishedAt = toInstant(raw.date);
  const content = bounded(
    raw.contentHtml ? htmlFragmentToText(raw.contentHtml) : (raw.contentText?.trim() ?? ''),
  );
  const summary = bounded(raw.summaryHtml ? htmlFragmentToText(raw.summaryHtml) : '');
  const rawTitle = raw.title ?? '';
  const title =
    (raw.titleIsHtml ? htmlToLine(rawTitle) : rawTitle.replace(/\s+/g, ' ').trim()) ||
    firstWords(summary || content) ||
    link ||
    'Untitled item';
  return {
    id: itemIdentity({ guid: raw.guid, link, title, date: publishedAt ?? raw.date }),
    title,
    link,
    publishedAt,
    text: content.length >= summary.length ? content : summary,
    summary: summary || content,
  };
}

/** Sorts by date when every item has one; otherwise keeps document order, which feeds write newest first. */
function newestFirst(items: RawItem[]): RawItem[] {
  const times = items.map((i) => (i.date ? Date.parse(i.date) : Number.NaN));
  if (times.some((t) => !Number.isFinite(t))) return items;
  return items
    .map((item, index) => ({ item, time: times[index]! }))
    .sort((a, b) => b.time - a.time)
    .map((x) => x.item);
}

/** The same identity twice in one document (a feed repeating an entry) is one item. */
function dedupeById(items: FeedItem[]): FeedItem[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    if (seen.has(i.id)) return false;
    seen.add(i.id);
    return true;
  });
}

/** feedsmith leaves dates as the document wrote them (typed unknown); only strings are dates here. */
function dateText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function toInstant(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value.trim());
  return Number.isFinite(time) ? new Date(time).toISOString() : undefined;
}

/** Links in RSS are text, sometimes with entities still in them (`&amp;` in a query). */
function decodeLink(link: string): string {
  return link.trim().replace(/&amp;/g, '&');
}

function bounded(text: string): string {
  return text.length > MAX_ITEM_TEXT_CHARS ? text.slice(0, MAX_ITEM_TEXT_CHARS) : text;
}

function firstWords(text: string): string {
  const line = text.split('\n')[0]?.trim() ?? '';
  return line.length > 120 ? `${line.slice(0, 117).replace(/\s+\S*$/, '')}…` : line;
}
