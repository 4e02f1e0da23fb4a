/** The suppression list as it is kept (keys, never addresses), for operators taking it elsewhere. */
import type { Suppression } from './model.js';
import type { Store } from './ports.js';

export const exportPageSize = 1000;

/** Every suppression, oldest first, a page at a time, so a long list is never held in memory at once. */
export async function* suppressionPages(
  store: Store,
  pageSize: number = exportPageSize,
): AsyncGenerator<Suppression[]> {
  let after: Suppression | undefined;
  for (;;) {
    const page = await store.listSuppressions(after ? { limit: pageSize, after } : { limit: pageSize });
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    after = page.at(-1);
  }
}
