import type { Attachment } from 'discord.js';
import { fail, ok, type Result } from '../../core/result.ts';
import type { IncomingDocument } from '../../ingest/document-to-article.ts';
import { INGEST_LIMITS } from '../../ingest/limits.ts';
import { discordText } from './discord-text.ts';

/** Where Discord serves attachments. */
export const DISCORD_CDN_HOSTS = ['cdn.discordapp.com', 'media.discordapp.net'] as const;

const DOWNLOAD_TIMEOUT_MS = 15_000;

/**
 * Downloads an attachment for ingestion: the size Discord reports is checked before anything is
 * fetched, only the URL Discord gave (on its own hosts) is fetched, redirects are refused, and the
 * body is cut off past the limit in case the reported size was wrong. Any download failure,
 * including a body that breaks off partway or times out, is the `unavailable` refusal.
 */
export async function downloadAttachment(
  attachment: Pick<Attachment, 'name' | 'size' | 'url'>,
  allowedHosts: ReadonlySet<string>,
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
  const response = await fetch(url, {
    redirect: 'error',
    signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
  }).catch(() => undefined);
  if (!response?.ok || !response.body) return fail('unavailable', discordText.attachmentUnavailable);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => {});
        return tooLarge(total);
      }
      chunks.push(value);
    }
  } catch {
    // The body failed partway (connection reset, timeout): the same refusal as a failed fetch.
    await reader.cancel().catch(() => {});
    return fail('unavailable', discordText.attachmentUnavailable);
  }
  return ok({ name: attachment.name, bytes: Buffer.concat(chunks) });
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
