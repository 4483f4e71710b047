import { createHash } from 'node:crypto';

/** Longest identity kept; a guid longer than this is hashed so keys stay small and bounded. */
const MAX_ID_CHARS = 512;

/**
 * The link with what does not change the page removed: the fragment, `utm_*` tracking
 * parameters, a default port and the host's case. Returns undefined for anything not http(s).
 */
export function normaliseLink(link: string, base?: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link.trim(), base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  const tracking = [...url.searchParams.keys()].filter((key) => /^utm_/i.test(key));
  // Only rewrite the query when there is tracking to drop: URLSearchParams re-encodes what it serialises.
  if (tracking.length > 0) {
    for (const key of tracking) url.searchParams.delete(key);
    if (url.searchParams.size === 0) url.search = '';
  }
  return url.toString();
}

/** An item's identity: guid, else normalised link, else a hash of title and date (see FeedItem.id). */
export function itemIdentity(parts: {
  guid?: string | undefined;
  link?: string | undefined;
  title: string;
  date?: string | undefined;
}): string {
  const guid = parts.guid?.trim();
  if (guid) return bounded(`guid:${guid}`);
  if (parts.link) return bounded(`link:${parts.link}`);
  const digest = createHash('sha256')
    .update(`${parts.title.trim().toLowerCase()}\u0000${parts.date ?? ''}`)
    .digest('hex');
  return `hash:${digest.slice(0, 32)}`;
}

function bounded(id: string): string {
  if (id.length <= MAX_ID_CHARS) return id;
  return `${id.slice(0, 5)}sha256:${createHash('sha256').update(id).digest('hex')}`;
}
