/**
 * Importing a suppression list: how many addresses a second the import adds, in batches of
 * `importBatchSize` with one durable commit each, on SQLite in a temporary folder and on a fresh
 * Postgres database when the server of `KINDLY_TEST_POSTGRES_URL` (default: the local one) answers.
 * Run with `npx tsx bench/suppression-import.ts [addresses]` (default 5,000). A pace is a figure to
 * compare between runs on one machine, not a pass mark, so it is measured here and not in a test.
 */
import { importBatchSize, importSuppressions } from '../src/core/suppression-import.js';
import { createTestPostgresDatabase } from '../src/testing/postgres-database.js';
import { createTestCore } from '../src/testing/test-core.js';

const count = Number(process.argv[2] ?? 5_000);
const entries = Array.from({ length: count }, (_, index) => ({
  address: `person.${index}@example${index % 7}.org`,
  index,
}));

async function importAll(backend: string, databaseUrl?: string): Promise<void> {
  const t = await createTestCore(databaseUrl ? { databaseUrl } : {});
  try {
    const started = performance.now();
    const summary = await importSuppressions(t.core, entries, { actor: 'operator' });
    const seconds = (performance.now() - started) / 1000;
    if (summary.added !== count || summary.invalidCount !== 0)
      throw new Error(`${backend}: added ${summary.added} of ${count}, ${summary.invalidCount} invalid`);
    console.log(
      `suppression import on ${backend}: ${count} addresses in ${seconds.toFixed(2)} s, ` +
        `${Math.round(count / seconds)} addresses/s (batches of ${importBatchSize}, one durable commit each)`,
    );
  } finally {
    await t.cleanup();
  }
}

await importAll('sqlite');
const postgres = await createTestPostgresDatabase('the Postgres import');
if (postgres) {
  try {
    await importAll('postgres', postgres.url);
  } finally {
    await postgres.drop();
  }
}
