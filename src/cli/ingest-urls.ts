import { readFileSync } from 'node:fs';
import { ingestLink } from '../briefing/ingest-link.ts';
import type { Services } from '../briefing/services.ts';
import type { TenantId } from '../core/types.ts';
import { type IngestSink, reportRejected, reportStored } from './ingest-sink.ts';

/** Arguments that are links rather than paths. */
export const isLinkArgument = (arg: string): boolean => /^https?:\/\//i.test(arg);

/** A URL list: one link a line; blank lines and `#` comments are skipped. */
export function readUrlList(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** Fetches and stores each link in turn; a link stored before is a duplicate without a fetch. */
export async function ingestUrls(
  services: Services,
  tenant: TenantId,
  urls: readonly string[],
  sink: IngestSink,
): Promise<void> {
  for (const url of urls) {
    if (sink.stopped()) return;
    try {
      const result = await ingestLink(services, tenant, url);
      if (result.ok) reportStored(sink, result.value);
      else reportRejected(sink, url, result.message, result.code);
    } catch (error) {
      services.logger.error({ err: error, url }, 'ingest of a link failed');
      reportRejected(sink, url, 'internal error (logged); the link was not stored', 'internal');
    }
  }
}
