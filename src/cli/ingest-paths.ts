import { prepareArticle } from '../briefing/ingest-article.ts';
import type { Services } from '../briefing/services.ts';
import type { PreparedArticle, TenantId } from '../core/types.ts';
import { documentToArticle } from '../ingest/document-to-article.ts';
import { collectFiles, readLocalDocument } from '../transports/shell/local-files.ts';
import { capMemory } from './memory-cap.ts';

/**
 * Files whose articles are committed together: one commit per file was a sixth of bulk ingest's
 * time. Each article still stores or fails on its own (a savepoint each), and a run killed
 * mid-batch loses only that batch's uncommitted files, which a re-run adds.
 */
const FILES_PER_COMMIT = 32;
/** A batch is committed early past this much article text, so large files do not pile up in memory. */
const BYTES_PER_COMMIT = 4 * 1024 * 1024;

/** A file's outcome waiting for its batch to commit, so lines keep the files' order. */
type Pending = { path: string; rejected: string } | { path: string; prepared: PreparedArticle };

export interface IngestSummary {
  added: number;
  duplicate: number;
  rejected: number;
}

/** Ingests files and folders, reporting one line per file: id, status, title or reason. */
export async function ingestPaths(
  services: Services,
  tenant: TenantId,
  paths: string[],
  report: (line: string) => void,
): Promise<IngestSummary> {
  const summary: IngestSummary = { added: 0, duplicate: 0, rejected: 0 };
  const { files, missing, unreadable } = collectFiles(paths);
  const reject = (path: string, reason: string) => {
    summary.rejected++;
    report(`-\trejected\t${path}: ${reason}`);
  };
  for (const path of missing) reject(path, 'no such file or folder');
  for (const path of unreadable) reject(path, 'folder cannot be read');
  let pending: Pending[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    const batch = pending;
    pending = [];
    pendingBytes = 0;
    const prepared = batch.flatMap((p) => ('prepared' in p ? [p.prepared] : []));
    let results: Awaited<ReturnType<Services['store']['addArticles']>> = [];
    try {
      results = await services.store.addArticles(tenant, prepared);
    } catch (error) {
      services.logger.error({ err: error }, 'ingest batch failed');
      results = prepared.map(() => ({ status: 'failed' as const, error }));
    }
    capMemory();
    let next = 0;
    for (const p of batch) {
      if ('rejected' in p) {
        reject(p.path, p.rejected);
        continue;
      }
      const result = results[next++]!;
      if (result.status === 'failed') {
        services.logger.error({ err: result.error, path: p.path }, 'ingest failed');
        reject(p.path, 'internal error (logged); the file was not stored');
      } else {
        summary[result.status]++;
        report(`#${result.article.id}\t${result.status}\t${result.article.title}`);
      }
    }
  };
  for (const path of files) {
    if (pending.length >= FILES_PER_COMMIT || pendingBytes >= BYTES_PER_COMMIT) await flush();
    const doc = readLocalDocument(path);
    if (!doc.ok) {
      pending.push({ path, rejected: doc.message });
      continue;
    }
    const article = await documentToArticle(doc.value);
    if (!article.ok) {
      pending.push({ path, rejected: article.message });
      continue;
    }
    try {
      const result = await prepareArticle(article.value, services.engine, tenant);
      pending.push(result.ok ? { path, prepared: result.value } : { path, rejected: result.message });
      if (result.ok) pendingBytes += result.value.text.length;
    } catch (error) {
      services.logger.error({ err: error, path }, 'ingest failed');
      pending.push({ path, rejected: 'internal error (logged); the file was not stored' });
    }
  }
  await flush();
  return summary;
}
