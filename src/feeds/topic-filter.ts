import { contentTerms } from '../text/tokens.ts';
import type { FeedItem } from './feed-item.ts';

/** How much of an item's text is searched for the topic: the lead is where a story says what it is about. */
const TOPIC_SCAN_CHARS = 4000;

/**
 * Whether an item is about the feed's topic: any of the topic's content words (stemmed, so
 * "protests" matches "protest") in its title, summary or the start of its text. No topic keeps all.
 */
export function matchesTopic(
  topic: string | undefined,
  item: Pick<FeedItem, 'title' | 'summary' | 'text'>,
): boolean {
  if (!topic) return true;
  const wanted = new Set(contentTerms(topic));
  if (wanted.size === 0) return true;
  const haystack = `${item.title}\n${item.summary.slice(0, TOPIC_SCAN_CHARS)}\n${item.text.slice(0, TOPIC_SCAN_CHARS)}`;
  return contentTerms(haystack).some((term) => wanted.has(term));
}
