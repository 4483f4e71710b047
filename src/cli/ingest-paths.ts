import { ingestArticle } from '../briefing/ingest-article.ts';
import type { Services } from '../briefing/services.ts';
import type { TenantId } from '../core/types.ts';
import { documentToArticle } from '../ingest/document-to-article.ts';
import { collectFiles, readLocalDocument } from '../transports/shell/local-files.ts';

export interface IngestSummary {
  added: number;
  duplicate: number;
  'near-duplicate': number;
  rejected: number;
}

/** Ingests files and folders, reporting one line per file: id, status, title or reason. */
export async function ingestPaths(
  services: Services,
  tenant: TenantId,
  paths: string[],
  report: (line: string) => void,
): Promise<IngestSummary> {
  const summary: IngestSummary = { added: 0, duplicate: 0, 'near-duplicate': 0, rejected: 0 };
  const { files, missing, unreadable } = collectFiles(paths);
  const reject = (path: string, reason: string) => {
    summary.rejected++;
    report(`-\trejected\t${path}: ${reason}`);
  };
  for (const path of missing) reject(path, 'no such file or folder');
  for (const path of unreadable) reject(path, 'folder cannot be read');
  for (const path of files) {
    const doc = readLocalDocument(path);
    if (!doc.ok) {
      reject(path, doc.message);
      continue;
    }
    const article = await documentToArticle(doc.value);
    if (!article.ok) {
      reject(path, article.message);
      continue;
    }
    try {
      const result = await ingestArticle(services, tenant, article.value);
      if (!result.ok) {
        reject(path, result.message);
      } else {
        summary[result.value.status]++;
        report(`#${result.value.article.id}\t${result.value.status}\t${result.value.article.title}`);
      }
    } catch (error) {
      services.logger.error({ err: error, path }, 'ingest failed');
      reject(path, 'internal error (logged); the file was not stored');
    }
  }
  return summary;
}
