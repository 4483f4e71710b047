import type { FetchPurpose } from '../core/fetcher.ts';
import type { BodyKind } from './charset.ts';

/** Media types accepted for each purpose; an absent type is let through and judged by its content. */
const ACCEPTED: Record<FetchPurpose, (type: string) => boolean> = {
  page: (t) => t === 'text/html' || t === 'application/xhtml+xml',
  feed: (t) =>
    [
      'application/rss+xml',
      'application/atom+xml',
      'application/rdf+xml',
      'application/xml',
      'text/xml',
      'application/feed+json',
      'application/json',
      // Some servers label feeds as plain text or HTML; the feed parser decides.
      'text/plain',
      'text/html',
    ].includes(t),
  // Uploaded files are judged by name and bytes (binary, UTF-8) once downloaded: CDNs label them loosely.
  document: () => true,
};

export const ACCEPT_HEADER: Record<FetchPurpose, string> = {
  page: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
  feed: 'application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1',
  document: 'text/plain,text/markdown,text/html,*/*;q=0.1',
};

export const PURPOSE_WORDS: Record<FetchPurpose, string> = {
  page: 'a web page',
  feed: 'a news feed',
  document: 'a text document',
};

/** `text/html; charset=utf-8` → `text/html`. */
export function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

export function isAccepted(purpose: FetchPurpose, type: string): boolean {
  return type === '' || ACCEPTED[purpose](type);
}

export function bodyKind(type: string): BodyKind {
  if (type === 'text/html' || type === 'application/xhtml+xml' || type === '') return 'html';
  if (type.includes('xml')) return 'xml';
  return 'other';
}
