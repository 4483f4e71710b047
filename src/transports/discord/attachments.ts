import type { Attachment } from 'discord.js';
import type { Fetcher } from '../../core/fetcher.ts';
import { fail, ok, type Result } from '../../core/result.ts';
import type { IncomingDocument } from '../../ingest/document-to-article.ts';
import { INGEST_LIMITS } from '../../ingest/limits.ts';
import { discordText } from './discord-text.ts';

/** Where Discord serves attachments. */
export const DISCORD_CDN_HOSTS = ['cdn.discordapp.com', 'media.discordapp.net'] as const;

/**
 * Downloads an attachment for ingestion through the guarded fetcher: the size Discord reports is
 * checked before anything is fetched, only the URL Discord gave is fetched, and every hop (redirects
 * included) must stay on Discord's hosts; the fetcher cuts the body off past the limit in case the
 * reported size was wrong. Any other failure, including a body that breaks off partway or times
 * out, is the `unavailable` refusal.
 */
export async function downloadAttachment(
  attachment: Pick<Attachment, 'name' | 'size' | 'url'>,
  allowedHosts: ReadonlySet<string>,
  fetcher: Fetcher,
): Promise<Result<IncomingDocument, 'too-large' | 'unavailable'>> {
  const limit = INGEST_LIMITS.maxBytes;
  if (attachment.size > limit) return tooLarge(attachment.size);
  let url: URL;
  try {
    url = new URL(attachment.url);
  } catch {
    return fail('unavailable', discordText.attachmentUnavailable);
  }
  if (!allowedHosts.has(url.host)) return fail('unavailable', discordText.attachmentUnavailable);
  const fetched = await fetcher.fetch({
    url: url.href,
    purpose: 'document',
    allowedHosts: [...allowedHosts],
  });
  if (!fetched.ok) {
    return fetched.code === 'TOO_LARGE'
      ? fail('too-large', discordText.attachmentOverLimit(limit / (1024 * 1024)))
      : fail('unavailable', discordText.attachmentUnavailable);
  }
  return ok({ name: attachment.name, bytes: fetched.resource.bytes });
}

function tooLarge(bytes: number): Result<never, 'too-large'> {
  return fail(
    'too-large',
    discordText.attachmentTooLarge(
      (bytes / (1024 * 1024)).toFixed(1),
      INGEST_LIMITS.maxBytes / (1024 * 1024),
    ),
  );
}
