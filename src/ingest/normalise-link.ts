/**
 * A link as it is compared and stored: fragment and `utm_*` tracking parameters removed, so the
 * same story shared from a newsletter and from a feed is one URL. Undefined when not http(s).
 */
export function normaliseLink(raw: string): string | undefined {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  u.hash = '';
  for (const key of [...u.searchParams.keys()]) {
    if (/^utm_/i.test(key)) u.searchParams.delete(key);
  }
  return u.href;
}
