/** Faults (not expected outcomes): something broke. Expected outcomes are values, see commands/reply.ts. */
export class AppError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input the user gave that cannot be used; the message is safe to show. */
export class UserInputError extends AppError {}

/**
 * What went wrong with the storage, as far as the user can act on it: a damaged or foreign file
 * (restore a backup), no write access (permissions), a full disk (free space), a file that cannot
 * be opened (the data folder), another process holding the lock (try again), or anything else.
 */
export type StoreFaultKind =
  | 'corrupt'
  | 'not-a-database'
  | 'read-only'
  | 'full'
  | 'cannot-open'
  | 'busy'
  | 'unreachable'
  | 'internal';

/** A storage fault; `kind` tells the user what to do about it (see commands/messages.ts storeFault). */
export class StoreError extends AppError {
  readonly kind: StoreFaultKind;
  /** The database file, when known, so the terminal can name it. */
  readonly path: string | undefined;
  constructor(message: string, options?: { cause?: unknown; kind?: StoreFaultKind; path?: string }) {
    super(message, options);
    this.kind = options?.kind ?? 'internal';
    this.path = options?.path;
  }
}

/** The storage as a whole cannot be used (as opposed to one operation failing): stop, and say why. */
export function isUnusableStore(error: unknown): error is StoreError {
  return error instanceof StoreError && error.kind !== 'internal' && error.kind !== 'busy';
}
