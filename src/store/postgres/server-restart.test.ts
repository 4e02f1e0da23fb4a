/**
 * A Postgres store lives through its server restarting: a pooled client checked out at that moment
 * (a transaction between two statements) must fail its work, not crash the process with an
 * unhandled 'error' event, and the pool must serve again once the server is back.
 */
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { startPrivatePostgres } from '../../testing/private-postgres.js';
import { openStore } from '../open-store.js';

const server = await startPrivatePostgres('the Postgres store restart test');
afterAll(() => server?.remove());

describe.skipIf(server === null)('a Postgres store across a server restart', () => {
  it('fails the work in flight, answers not ready while down, and recovers by itself', async () => {
    if (!server) return;
    const poolErrors: string[] = [];
    const { store, db } = await openStore(server.url, { onPoolError: (e) => poolErrors.push(e.message) });
    try {
      // One idle pooled client, and one checked out by a transaction waiting between statements.
      await sql`select 1`.execute(db);
      let resume = () => {};
      const paused = new Promise<void>((resolve) => {
        resume = resolve;
      });
      let inside = () => {};
      const started = new Promise<void>((resolve) => {
        inside = resolve;
      });
      const held = db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        inside();
        await paused;
        await sql`select 2`.execute(trx);
      });
      await started;
      await server.stop();
      resume();
      await expect(held).rejects.toThrow();
      expect(await store.readiness()).toEqual({ database: false, migrations: false });

      await server.start();
      expect(await store.readiness()).toEqual({ database: true, migrations: true });
      expect((await sql<{ n: number }>`select 3 as n`.execute(db)).rows).toEqual([{ n: 3 }]);
    } finally {
      await store.close();
    }
  });
});
