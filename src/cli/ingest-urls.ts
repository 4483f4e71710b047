import { readFileSync } from 'node:fs';
import { ingestArticle } from '../briefing/ingest-article.ts';
import { type FetchedLink, fetchLink, type LinkError } from '../briefing/ingest-link.ts';
import type { Services } from '../briefing/services.ts';
import type { Result } from '../core/result.ts';
import type { TenantId } from '../core/types.ts';
import { type IngestSink, reportRejected, reportStored } from './ingest-sink.ts';

/** Links fetched ahead of the one being stored: the network overlaps, storing stays in list order. */
const FETCH_AHEAD = 4;

/** Arguments that are links rather than paths. */
export const isLinkArgument = (arg: string): boolean => /^https?:\/\//i.test(arg);

/** A URL list: one link a line; blank lines and `#` comments are skipped. */
export function readUrlList(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

type Fetched = Result<FetchedLink, LinkError> | { ok: false; fault: unknown };

/**
 * Fetches and stores each link, a few fetches ahead; a link stored before is a duplicate without a
 * fetch. When stopped, links fetched ahead are dropped unstored (a re-run fetches them again).
 */
export async function ingestUrls(
  services: Services,
  tenant: TenantId,
  urls: readonly string[],
  sink: IngestSink,
): Promise<void> {
  const ahead: { url: string; fetched: Promise<Fetched> }[] = [];
  let next = 0;
  const fill = () => {
    while (ahead.length < FETCH_AHEAD && next < urls.length) {
      const url = urls[next++]!;
      const fetched = fetchLink(services, tenant, url).catch((fault: unknown) => ({
        ok: false as const,
        fault,
      }));
      ahead.push({ url, fetched });
    }
  };
  for (;;) {
    if (sink.stopped()) return;
    fill();
    const item = ahead.shift();
    if (!item) return;
    const result = await item.fetched;
    try {
      if ('fault' in result) throw result.fault;
      if (!result.ok) {
        reportRejected(sink, item.url, result.message, result.code);
      } else if (result.value.kind === 'known') {
        reportStored(sink, { status: 'duplicate', article: result.value.article });
      } else {
        const stored = await ingestArticle(services, tenant, result.value.article);
        if (stored.ok) reportStored(sink, stored.value);
        else reportRejected(sink, item.url, stored.message, stored.code);
      }
    } catch (error) {
      services.logger.error({ err: error, url: item.url }, 'ingest of a link failed');
      reportRejected(sink, item.url, 'internal error (logged); the link was not stored', 'internal');
    }
  }
}
