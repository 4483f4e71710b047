import { StoreError, type StoreFaultKind } from '../../core/errors.ts';

// SQLite's primary result codes (better-sqlite3 puts the extended code, e.g. SQLITE_IOERR_WRITE,
// on `code`); each maps to what the user can do about it.
const KINDS: [prefix: string, kind: StoreFaultKind][] = [
  ['SQLITE_CORRUPT', 'corrupt'],
  ['SQLITE_NOTADB', 'not-a-database'],
  ['SQLITE_READONLY', 'read-only'],
  ['SQLITE_FULL', 'full'],
  ['SQLITE_CANTOPEN', 'cannot-open'],
  ['SQLITE_BUSY', 'busy'],
  ['SQLITE_LOCKED', 'busy'],
  ['SQLITE_PERM', 'read-only'],
  ['SQLITE_AUTH', 'read-only'],
];

/** The SQLite result code of an error or of one of its causes, e.g. "SQLITE_CORRUPT". */
export function sqliteCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
  }
  return undefined;
}

/** The fault kind for a driver error: what SQLite reported, else an operating-system cause, else internal. */
export function faultKind(error: unknown): StoreFaultKind {
  const code = sqliteCode(error);
  if (code) {
    for (const [prefix, kind] of KINDS) if (code.startsWith(prefix)) return kind;
    // A disk that fills up during a write can surface as an I/O error with ENOSPC in the message.
    if (code.startsWith('SQLITE_IOERR') && /disk is full|no space/i.test(String((error as Error).message)))
      return 'full';
  }
  return 'internal';
}

/** Wraps a driver error as a StoreError whose kind says what went wrong; StoreErrors with a kind pass through. */
export function toStoreError(message: string, error: unknown, path?: string): StoreError {
  if (error instanceof StoreError && (error.kind !== 'internal' || faultKind(error) === 'internal')) {
    return error;
  }
  const options: { cause: unknown; kind: StoreFaultKind; path?: string } = {
    cause: error,
    kind: faultKind(error),
  };
  if (path !== undefined) options.path = path;
  return new StoreError(message, options);
}
