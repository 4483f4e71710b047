import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The shared evaluation data lives beside the repository, never inside it (third-party terms). */
export const DATASETS_DIR = resolve(import.meta.dirname, '../../shared/datasets');

/** Reads a JSONL dataset, or returns undefined with the reason when it is not there. */
export function readJsonl<T>(file: string): T[] | undefined {
  const path = resolve(DATASETS_DIR, file);
  if (!existsSync(path)) return undefined;
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}
