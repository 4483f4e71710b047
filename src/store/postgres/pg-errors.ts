import { StoreError, type StoreFaultKind } from '../../core/errors.ts';

// SQLSTATE classes and codes (https://www.postgresql.org/docs/15/errcodes-appendix.html) mapped to
// what the user can do about them.
const BY_CODE: Record<string, StoreFaultKind> = {
  '53100': 'full', // disk_full
  '25006': 'read-only', // read_only_sql_transaction (a standby, or default_transaction_read_only)
  '42501': 'read-only', // insufficient_privilege
  '40001': 'busy', // serialization_failure
  '40P01': 'busy', // deadlock_detected
  '55P03': 'busy', // lock_not_available
  '57P01': 'unreachable', // admin_shutdown
  '57P03': 'unreachable', // cannot_connect_now (starting up)
  XX001: 'corrupt', // data_corrupted
  XX002: 'corrupt', // index_corrupted
};
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  'EAI_AGAIN',
]);

/** The fault kind of a `pg` error (or one of its causes): SQLSTATE, else a socket error, else internal. */
export function pgFaultKind(error: unknown): StoreFaultKind {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    const kind = BY_CODE[code];
    if (kind) return kind;
    if (code.startsWith('08') || CONNECT_CODES.has(code)) return 'unreachable';
  }
  if (
    error instanceof Error &&
    /connection terminated|timeout exceeded when trying to connect/i.test(error.message)
  )
    return 'unreachable';
  return 'internal';
}

/** Wraps a driver error as a StoreError whose kind says what went wrong; StoreErrors pass through. */
export function toPgStoreError(message: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  return new StoreError(message, { cause: error, kind: pgFaultKind(error) });
}
