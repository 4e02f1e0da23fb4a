import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../core/ports.js';
import { emptyDatabase } from '../../testing/empty-database.js';
import { createTestPostgresDatabase } from '../../testing/postgres-database.js';
import { openStore } from '../open-store.js';
import { describeStoreContract } from '../store-contract.js';

const database = await createTestPostgresDatabase('the Postgres half of the storage contract');

let opened: Awaited<ReturnType<typeof openStore>> | undefined;
const shared = async () => {
  if (!database) throw new Error('no Postgres database');
  opened ??= await openStore(database.url);
  return opened;
};

afterAll(async () => {
  await opened?.store.close();
  await database?.drop();
});

// One database per test file, emptied before each case.
describeStoreContract(
  'postgres',
  async () => {
    const { store, db } = await shared();
    await emptyDatabase(db);
    return { store, cleanup: async () => {} };
  },
  { skip: database === null },
);

describe.skipIf(database === null)('postgres specifics', () => {
  it('makes durable commits with synchronous_commit on, even where the server default is off', async () => {
    if (!database) return;
    const { db: admin } = await shared();
    const name = new URL(database.url).pathname.slice(1);
    await sql.raw(`ALTER DATABASE "${name}" SET synchronous_commit = off`).execute(admin);
    // New connections pick up the database default.
    const { db, dialect } = await openStore(database.url, { migrate: false });
    try {
      expect(dialect).toMatchObject({ name: 'postgres', lockForClaim: true });
      const show = async (on: typeof db) =>
        (await sql<{ synchronous_commit: string }>`SHOW synchronous_commit`.execute(on)).rows[0]
          ?.synchronous_commit;
      expect(await show(db)).toBe('off');
      expect(await dialect.durable(db, (trx) => show(trx))).toBe('on');
      expect(await show(db)).toBe('off');
    } finally {
      await db.destroy();
      await sql.raw(`ALTER DATABASE "${name}" RESET synchronous_commit`).execute(admin);
    }
  });

  it('is ready after migrations', async () => {
    const { store } = await shared();
    expect(await store.readiness()).toEqual({ database: true, migrations: true });
  });
});

describe('postgres when unreachable', () => {
  it('reports readiness false instead of throwing', async () => {
    const { store }: { store: Store } = await openStore('postgres://postgres@127.0.0.1:1/nowhere', {
      migrate: false,
    });
    expect(await store.readiness()).toEqual({ database: false, migrations: false });
    await store.close();
  });
});
