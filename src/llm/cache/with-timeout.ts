/** Thrown when a cache operation did not settle within its budget. */
export class CacheTimeoutError extends Error {
  override readonly name = 'CacheTimeoutError';
  constructor(op: string, ms: number) {
    super(`cache ${op} did not settle within ${ms} ms`);
  }
}

/**
 * Races `work` against a timer. The timer is cleared as soon as the work settles (so no handle
 * outlives the operation), and a late rejection of abandoned work is swallowed rather than left
 * unhandled: the caller has already moved on.
 */
export function withTimeout<T>(work: Promise<T>, ms: number, op: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      work.catch(() => {});
      reject(new CacheTimeoutError(op, ms));
    }, ms);
    timer.unref();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
