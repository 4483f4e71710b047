import { type BatchOutcome, IngestBatch } from '../briefing/ingest-batch.ts';
import type { Services } from '../briefing/services.ts';
import { isUnusableStore, type StoreError } from '../core/errors.ts';
import type { Result } from '../core/result.ts';
import type { NewArticle, TenantId } from '../core/types.ts';
import { documentToArticle } from '../ingest/document-to-article.ts';
import { SUPPORTED_EXTENSIONS } from '../ingest/limits.ts';
import { collectFiles, readLocalDocument } from '../transports/shell/local-files.ts';
import { capMemory } from './memory-cap.ts';

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
 * Ingests files and folders, reporting one line per file: id, status, title or reason. Files are
 * committed a batch at a time (see IngestBatch), each still stored or refused on its own with its
 * own outcome: a file that cannot be parsed, analysed or stored is rejected with its reason and
 * the run goes on; only a store that cannot be used stops it.
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
  const batch = new IngestBatch(services, tenant);
  const settle = (path: string, outcome: BatchOutcome) => {
    if (outcome.ok) {
      const { status, article } = outcome.value;
      summary[status]++;
      onOutcome?.(status);
      report(`#${article.id}\t${status}\t${article.title}`);
    } else if (outcome.code !== 'failed') {
      reject(path, outcome.message, outcome.code);
    } else {
      services.logger.error({ err: outcome.error, path }, 'ingest failed');
      if (!isUnusableStore(outcome.error)) {
        reject(path, 'internal error (logged); the file was not stored', 'internal');
        return;
      }
      // Every later file would fail the same way; stop and say why (main prints the remedy).
      summary.fault ??= outcome.error;
      report(`-\tfailed\t${path}: not stored, the database cannot be used (${outcome.error.kind})`);
    }
  };
  let attempted = 0;
  for (const path of files) {
    if (summary.fault || shouldStop?.()) break;
    attempted++;
    try {
      const article = await readFile(path);
      if (!article.ok) batch.note(() => reject(path, article.message, article.code));
      else await batch.add(article.value, (outcome) => settle(path, outcome));
      // Between batches, the heap V8 grew lazily is collected while the process is over its budget.
      if (batch.pending === 0) capMemory();
    } catch (error) {
      services.logger.error({ err: error, path }, 'ingest failed');
      batch.note(() => reject(path, 'internal error (logged); the file was not stored', 'internal'));
    }
  }
  // What is waiting is committed even when stopping: a stop (Ctrl-C) leaves complete work behind.
  await batch.flush();
  if (summary.fault) summary.notAttempted = files.length - attempted;
  return summary;
}

/** Reads and parses one file into an article; expected refusals are values, faults throw. */
async function readFile(path: string): Promise<Result<NewArticle>> {
  const doc = readLocalDocument(path);
  if (!doc.ok) return doc;
  return documentToArticle(doc.value);
}
