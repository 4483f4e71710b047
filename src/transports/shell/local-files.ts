import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fail, ok, type Result } from '../../core/result.ts';
import type { IncomingDocument } from '../../ingest/document-to-article.ts';
import { INGEST_LIMITS, SUPPORTED_EXTENSIONS } from '../../ingest/limits.ts';

/** Reads a local file for ingestion without ever loading more than the size limit into memory. */
export function readLocalDocument(
  path: string,
): Result<IncomingDocument, 'not-found' | 'too-large' | 'not-a-file'> {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return fail('not-a-file', `${path} is not a file`);
    size = stat.size;
  } catch {
    return fail('not-found', `${path} does not exist or cannot be read`);
  }
  if (size > INGEST_LIMITS.maxBytes) {
    const mb = (size / (1024 * 1024)).toFixed(1);
    return fail('too-large', `file is ${mb} MB; the limit is ${INGEST_LIMITS.maxBytes / (1024 * 1024)} MB`);
  }
  const bytes = Buffer.alloc(size);
  const fd = openSync(path, 'r');
  try {
    let offset = 0;
    while (offset < size) {
      const n = readSync(fd, bytes, offset, size - offset, offset);
      if (n === 0) break;
      offset += n;
    }
    return ok({ name: path, bytes: bytes.subarray(0, offset) });
  } finally {
    closeSync(fd);
  }
}

/**
 * Expands paths into files: files as given, folders walked recursively (sorted, hidden entries
 * skipped) keeping only supported extensions. Missing paths are returned so they can be reported.
 */
export function collectFiles(paths: string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (
        entry.isFile() &&
        (SUPPORTED_EXTENSIONS as readonly string[]).some((e) => entry.name.toLowerCase().endsWith(e))
      ) {
        files.push(full);
      }
    }
  };
  for (const p of paths) {
    const full = resolve(p);
    try {
      if (statSync(full).isDirectory()) walk(full);
      else files.push(p);
    } catch {
      missing.push(p);
    }
  }
  return { files, missing };
}
