import { expect, it } from 'vitest';
import type { Suppression } from '../../core/model.js';
import type { Store } from '../../core/ports.js';
import { at, type ContractContext } from './fixtures.js';

function suppression(key: string, seconds: number, overrides: Partial<Suppression> = {}): Suppression {
  return { key, scope: 'global', reason: 'request', source: 'import', createdAt: at(seconds), ...overrides };
}

/** Every page of `limit`, each asked for with the last row of the one before. */
async function allPages(store: Store, limit: number): Promise<Suppression[][]> {
  const pages: Suppression[][] = [];
  let after: Suppression | undefined;
  for (;;) {
    const page = await store.listSuppressions(after ? { limit, after } : { limit });
    if (page.length === 0) return pages;
    pages.push(page);
    after = page.at(-1);
    if (pages.length > 100) throw new Error('the pages never end');
  }
}

export function suppressionListContract(ctx: ContractContext): void {
  // Ties on the time, and one key at two scopes, so the key and then the scope must decide.
  const rows = [
    suppression('b7', 2),
    suppression('a1', 5, { scope: 'inviter:mem_b', reason: 'decline-block', source: 'page' }),
    suppression('a1', 2, { reason: 'complaint', source: 'bounce:ses' }),
    suppression('c3', 1, { reason: 'stop', source: 'link' }),
    suppression('b7', 2, { scope: 'inviter:mem_a', reason: 'admin', source: 'api' }),
    suppression('a1', 2, { scope: 'inviter:mem_a', reason: 'hard-bounce' }),
    suppression('f0', 9),
  ];
  const ordered = [rows[3], rows[2], rows[5], rows[0], rows[4], rows[1], rows[6]];

  it('lists suppressions oldest first by time, then key, then scope', async () => {
    expect(await ctx.store.listSuppressions({ limit: 10 })).toEqual([]);
    for (const row of rows) await ctx.store.addSuppression(row);
    expect(await ctx.store.listSuppressions({ limit: 100 })).toEqual(ordered);
    expect(await ctx.store.listSuppressions({ limit: 2 })).toEqual(ordered.slice(0, 2));
    expect(await ctx.store.listSuppressions({ limit: 0 })).toEqual([]);
  });

  it('pages through every suppression exactly once, whatever the page size', async () => {
    for (const row of rows) await ctx.store.addSuppression(row);
    for (const limit of [1, 2, 3, 7, 50]) {
      const pages = await allPages(ctx.store, limit);
      expect(pages.flat(), `pages of ${limit}`).toEqual(ordered);
      expect(pages.length).toBe(Math.ceil(rows.length / limit));
    }
  });

  it('resumes after a cursor whose row was lifted meanwhile, and finds what was added since', async () => {
    for (const row of rows) await ctx.store.addSuppression(row);
    const first = await ctx.store.listSuppressions({ limit: 3 });
    const last = first.at(-1);
    expect(last).toEqual(ordered[2]);
    if (!last) return;
    await ctx.store.removeSuppression(last.key, last.scope);
    await ctx.store.addSuppression(suppression('00', 20));
    const rest = await ctx.store.listSuppressions({ limit: 100, after: last });
    expect(rest).toEqual([...ordered.slice(3), suppression('00', 20)]);
  });
}
