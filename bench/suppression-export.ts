/**
 * Exporting the suppression list page by page, with the (created_at, key, scope) index and, in the
 * same run on a copy of the same rows, without it: the ratio is what the index buys. Run with
 * `npx tsx bench/suppression-export.ts [rows]` (default 200,000); SQLite in a temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openStore } from '../src/store/open-store.js';

const rows = Number(process.argv[2] ?? 200_000);
const pageSize = 1000;
const dir = mkdtempSync(path.join(tmpdir(), 'kindly-bench-'));

async function exportAll(withIndex: boolean): Promise<{ ms: number; read: number }> {
  const { store, db } = await openStore(`sqlite:${path.join(dir, `${withIndex}.db`)}`);
  try {
    if (!withIndex) await sql`drop index suppressions_export_order`.execute(db);
    const base = Date.parse('2026-01-01T00:00:00Z');
    for (let start = 0; start < rows; start += 5000) {
      const values = [];
      for (let i = start; i < Math.min(rows, start + 5000); i++) {
        values.push({
          key: `key-${(i * 7919) % rows}`,
          scope: 'global',
          reason: 'request',
          source: 'import',
          // A few hundred rows share each second, as an import's batch does.
          created_at: new Date(base + Math.floor(i / 300) * 1000).toISOString(),
        });
      }
      await db.insertInto('suppressions').values(values).execute();
    }
    const started = performance.now();
    let read = 0;
    let after: { createdAt: string; key: string; scope: 'global' } | undefined;
    for (;;) {
      const page = await store.listSuppressions({ limit: pageSize, ...(after ? { after } : {}) });
      read += page.length;
      const last = page.at(-1);
      if (!last || page.length < pageSize) break;
      after = { createdAt: last.createdAt, key: last.key, scope: 'global' };
    }
    return { ms: performance.now() - started, read };
  } finally {
    await store.close();
  }
}

try {
  const indexed = await exportAll(true);
  const bare = await exportAll(false);
  if (indexed.read !== rows || bare.read !== rows) throw new Error('an export missed rows');
  console.log(
    `suppression export of ${rows} rows in pages of ${pageSize}: ${indexed.ms.toFixed(0)} ms with the index, ` +
      `${bare.ms.toFixed(0)} ms without it (${(bare.ms / indexed.ms).toFixed(1)}x)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
