import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { ingestArticle } from '../briefing/ingest-article.ts';
import type { Services } from '../briefing/services.ts';
import type { TenantId } from '../core/types.ts';
import { INGEST_LIMITS } from '../ingest/limits.ts';
import { type IngestSink, reportRejected, reportStored } from './ingest-sink.ts';

/** One article a line; other fields (e.g. a dataset's `id` or `category`) are ignored. */
const JsonlArticle = z.object({
  title: z.string().max(2000),
  text: z.string(),
  url: z.string().max(2000).optional(),
  published: z.string().max(40).optional(),
  source: z.string().max(200).optional(),
});

export const isJsonlPath = (path: string): boolean => /\.jsonl$/i.test(path);

/** Counts the non-blank lines of a file (for the progress bar) without holding it in memory. */
export async function countLines(path: string): Promise<number> {
  let n = 0;
  for await (const line of lines(path)) if (line.trim() !== '') n++;
  return n;
}

/** Stores each line of a JSONL file as an article; a bad line is rejected with its line number. */
export async function ingestJsonl(
  services: Services,
  tenant: TenantId,
  path: string,
  sink: IngestSink,
): Promise<void> {
  let lineNo = 0;
  for await (const line of lines(path)) {
    lineNo++;
    // Blank lines separate nothing in JSONL; they are skipped, not counted.
    if (line.trim() === '') continue;
    if (sink.stopped()) return;
    const label = `${path}:${lineNo}`;
    if (Buffer.byteLength(line) > INGEST_LIMITS.maxBytes + 64 * 1024) {
      reportRejected(
        sink,
        label,
        `line is larger than the ${INGEST_LIMITS.maxBytes / (1024 * 1024)} MB limit`,
        'too-large',
      );
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      reportRejected(sink, label, 'not valid JSON', 'bad-json');
      continue;
    }
    const parsed = JsonlArticle.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      reportRejected(
        sink,
        label,
        `${issue?.path.join('.') || 'line'}: ${issue?.message ?? 'invalid'}`,
        'bad-json',
      );
      continue;
    }
    const { title, text, url, published, source } = parsed.data;
    try {
      const result = await ingestArticle(services, tenant, {
        title,
        text,
        url,
        source,
        publishedAt: published,
      });
      if (result.ok) reportStored(sink, result.value);
      else reportRejected(sink, label, result.message, result.code);
    } catch (error) {
      services.logger.error({ err: error, path, line: lineNo }, 'ingest of a JSONL line failed');
      reportRejected(sink, label, 'internal error (logged); the line was not stored', 'internal');
    }
  }
}

function lines(path: string): AsyncIterable<string> {
  return createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
}
