/**
 * Runs `work` over `items` with at most `concurrency` at once, in order of start. The first fault
 * stops new items from starting; the ones already running finish, then the fault is thrown, so a
 * caller never returns while some of its work is still going on.
 */
export async function inPool<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let fault: { error: unknown } | undefined;
  const worker = async () => {
    while (!fault && next < items.length) {
      const i = next++;
      try {
        results[i] = await work(items[i]!);
      } catch (error) {
        fault ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  if (fault) throw fault.error;
  return results;
}
