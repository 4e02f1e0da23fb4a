/**
 * `Promise.all(items.map(work))` with at most `limit` running at once, results in input order.
 * The worker uses it to bound how many messages are between "handed to SMTP" and "recorded as
 * sent" at any moment: each of those may be sent twice if the process dies then.
 */
export async function boundedMap<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}
