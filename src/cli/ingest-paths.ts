import { ingestArticle } from '../briefing/ingest-article.ts';
import type { Services } from '../briefing/services.ts';
import { isUnusableStore, type StoreError } from '../core/errors.ts';
import type { TenantId } from '../core/types.ts';
import { documentToArticle } from '../ingest/document-to-article.ts';
import { SUPPORTED_EXTENSIONS } from '../ingest/limits.ts';
import { collectFiles, readLocalDocument } from '../transports/shell/local-files.ts';

export interface IngestSummary {
  added: number;
  duplicate: number;
  'near-duplicate': number;
  rejected: number;
  /** Set when the store became unusable (damaged, read-only, full): the run stopped there. */
  fault?: StoreError | undefined;
  /** Files not attempted because the run stopped on a fault. */
  notAttempted: number;
}

/**
 * Ingests files and folders, reporting one line per file: id, status, title or reason. Each file
 * is its own transaction and its own outcome: a file that cannot be parsed or analysed is
 * rejected with its reason and the run goes on; only a store that cannot be used stops it.
 */
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
  const summary: IngestSummary = {
    added: 0,
    duplicate: 0,
    'near-duplicate': 0,
    rejected: 0,
    notAttempted: 0,
  };
  const { files, missing, unreadable, empty } = collectFiles(paths);
  const reject = (path: string, reason: string, code = 'unreadable') => {
    summary.rejected++;
    onOutcome?.('rejected', code);
    report(`-\trejected\t${path}: ${reason}`);
  };
  for (const path of missing) reject(path, 'no such file or folder', 'not-found');
  for (const path of unreadable) reject(path, 'folder cannot be read');
  for (const path of empty)
    reject(path, `nothing to ingest: no ${SUPPORTED_EXTENSIONS.join(', ')} files in this folder`, 'empty');
  for (const [index, path] of files.entries()) {
    if (shouldStop?.()) break;
    try {
      const outcome = await ingestFile(services, tenant, path);
      if (!outcome.ok) {
        reject(path, outcome.message, outcome.code);
        continue;
      }
      summary[outcome.status]++;
      onOutcome?.(outcome.status);
      report(`#${outcome.id}\t${outcome.status}\t${outcome.title}`);
    } catch (error) {
      services.logger.error({ err: error, path }, 'ingest failed');
      if (isUnusableStore(error)) {
        // Every later file would fail the same way; stop and say why (main prints the remedy).
        summary.fault = error;
        summary.notAttempted = files.length - index - 1;
        report(`-\tfailed\t${path}: not stored, the database cannot be used (${error.kind})`);
        break;
      }
      reject(path, 'internal error (logged); the file was not stored', 'internal');
    }
  }
  return summary;
}

type FileOutcome =
  | { ok: true; status: 'added' | 'duplicate' | 'near-duplicate'; id: number; title: string }
  | { ok: false; message: string; code: string };

/** Reads, parses, analyses and stores one file; expected refusals are values, faults throw. */
async function ingestFile(services: Services, tenant: TenantId, path: string): Promise<FileOutcome> {
  const doc = readLocalDocument(path);
  if (!doc.ok) return doc;
  const article = await documentToArticle(doc.value);
  if (!article.ok) return article;
  const result = await ingestArticle(services, tenant, article.value);
  if (!result.ok) return result;
  const { status, article: stored } = result.value;
  return { ok: true, status, id: stored.id, title: stored.title };
}
