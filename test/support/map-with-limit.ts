/**
 * `Promise.all(items.map(work))` with at most `limit` of them running at once. For suites that
 * start a child process per item (a synth is about 0.5 GB resident): all at once, six of them
 * took npm test past 3 GB, and on two cores they finish no sooner.
 */
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const runner = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, runner));
  return results;
}
