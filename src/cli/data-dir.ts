import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { dataDirProblem } from '../commands/messages.ts';
import { fail, ok, type Result } from '../core/result.ts';

/**
 * Resolves and prepares the data dir before any database is opened, so an unusable one is told
 * by its cause (empty, a file, no permission, read-only, full) instead of as a SQLite error.
 */
export function prepareDataDir(option: string | undefined, fromEnv: string | undefined): Result<string> {
  // An explicit `--data-dir ""` is a mistake (it would write into the current folder); an empty
  // environment variable already means "not set" (see config.ts).
  if (option !== undefined && option.trim() === '') return fail('empty', dataDirProblem.empty);
  const dir = resolve(option ?? fromEnv ?? 'data');
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    return fail('unusable', describe(dir, error));
  }
  try {
    if (!statSync(dir).isDirectory()) return fail('not-a-folder', dataDirProblem.notAFolder(dir));
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (error) {
    return fail('unusable', describe(dir, error));
  }
  return ok(dir);
}

function describe(dir: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  switch (code) {
    case 'EEXIST':
    case 'ENOTDIR':
      return dataDirProblem.notAFolder(dir);
    case 'EACCES':
    case 'EPERM':
      return dataDirProblem.noPermission(dir);
    case 'EROFS':
      return dataDirProblem.readOnly(dir);
    case 'ENOSPC':
      return dataDirProblem.full(dir);
    default:
      return dataDirProblem.cannotCreate(dir, code);
  }
}
