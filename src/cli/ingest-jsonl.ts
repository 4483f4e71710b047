import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { IngestBatch } from '../briefing/ingest-batch.ts';
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

/** Counts the non-blank lines of a file (for the progress bar) without holding it in memory. */
export async function countLines(path: string): Promise<number> {
  let n = 0;
  for await (const line of lines(path)) if (line.trim() !== '') n++;
  return n;
}

/**
 * Stores each line of a JSONL file as an article, committed a batch at a time like files (see
 * IngestBatch); a bad line is rejected with its line number.
 */
export async function ingestJsonl(
  services: Services,
  tenant: TenantId,
  path: string,
  sink: IngestSink,
): Promise<void> {
  let lineNo = 0;
  const batch = new IngestBatch(services, tenant);
  const rejected = (label: string, reason: string, code: string) =>
    batch.note(() => reportRejected(sink, label, reason, code));
  for await (const line of lines(path)) {
    lineNo++;
    // Blank lines separate nothing in JSONL; they are skipped, not counted.
    if (line.trim() === '') continue;
    if (sink.stopped()) break;
    const label = `${path}:${lineNo}`;
    if (Buffer.byteLength(line) > INGEST_LIMITS.maxBytes + 64 * 1024) {
      rejected(
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
      rejected(label, 'not valid JSON', 'bad-json');
      continue;
    }
    const parsed = JsonlArticle.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      rejected(label, `${issue?.path.join('.') || 'line'}: ${issue?.message ?? 'invalid'}`, 'bad-json');
      continue;
    }
    const { title, text, url, published, source } = parsed.data;
    try {
      const at = lineNo;
      await batch.add({ title, text, url, source, publishedAt: published }, (result) => {
        if (result.ok) return reportStored(sink, result.value);
        if (result.code !== 'failed') return reportRejected(sink, label, result.message, result.code);
        services.logger.error({ err: result.error, path, line: at }, 'storing a JSONL line failed');
        reportRejected(sink, label, 'internal error (logged); the line was not stored', 'internal');
      });
    } catch (error) {
      services.logger.error({ err: error, path, line: lineNo }, 'ingest of a JSONL line failed');
      rejected(label, 'internal error (logged); the line was not stored', 'internal');
    }
  }
  await batch.flush();
}

function lines(path: string): AsyncIterable<string> {
  return createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
}
