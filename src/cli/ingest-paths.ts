import { ingestArticle } from '../briefing/ingest-article.ts';
import type { Services } from '../briefing/services.ts';
import type { TenantId } from '../core/types.ts';
import { documentToArticle } from '../ingest/document-to-article.ts';
import { collectFiles, readLocalDocument } from '../transports/shell/local-files.ts';

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
  /** Each file's outcome as a status (added, duplicate, rejected) and, when rejected, the reason's code. */
  onOutcome?: (status: string, code?: string) => void,
  /** Asked before each file; true stops the run (Ctrl-C), leaving what was stored complete. */
  shouldStop?: () => boolean,
): Promise<IngestSummary> {
  const summary: IngestSummary = { added: 0, duplicate: 0, rejected: 0 };
  const { files, missing, unreadable } = collectFiles(paths);
  const reject = (path: string, reason: string, code = 'unreadable') => {
    summary.rejected++;
    onOutcome?.('rejected', code);
    report(`-\trejected\t${path}: ${reason}`);
  };
  for (const path of missing) reject(path, 'no such file or folder', 'not-found');
  for (const path of unreadable) reject(path, 'folder cannot be read');
  for (const path of files) {
    if (shouldStop?.()) break;
    const doc = readLocalDocument(path);
    if (!doc.ok) {
      reject(path, doc.message, doc.code);
      continue;
    }
    const article = await documentToArticle(doc.value);
    if (!article.ok) {
      reject(path, article.message, article.code);
      continue;
    }
    try {
      const result = await ingestArticle(services, tenant, article.value);
      if (!result.ok) {
        reject(path, result.message, result.code);
      } else {
        summary[result.value.status]++;
        onOutcome?.(result.value.status);
        report(`#${result.value.article.id}\t${result.value.status}\t${result.value.article.title}`);
      }
    } catch (error) {
      services.logger.error({ err: error, path }, 'ingest failed');
      reject(path, 'internal error (logged); the file was not stored', 'internal');
    }
  }
  return summary;
}
