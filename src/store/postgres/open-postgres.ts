/** Postgres (pg pool): any number of API and worker processes side by side. */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../schema.js';
import type { StoreDialect } from '../store-dialect.js';

export interface PostgresOptions {
  /** Pool size; default 10. */
  maxConnections?: number;
  /** Called when an idle pooled client fails (e.g. the server restarted); default: one line on stderr. */
  onPoolError?: (error: Error) => void;
}

export const postgresDialect: StoreDialect = {
  name: 'postgres',
  lockForClaim: true,
  // Whatever the server's default, this commit waits for its WAL flush.
  durable: (db, work) =>
    db.transaction().execute(async (trx) => {
      await sql`SET LOCAL synchronous_commit = on`.execute(trx);
      return work(trx);
    }),
};

export function openPostgres(
  databaseUrl: string,
  options: PostgresOptions = {},
): { db: Kysely<Database>; dialect: StoreDialect; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 5_000,
  });
  // An idle client's error (server restart, network drop) must never kill the process; the pool
  // drops that client and the next query gets a fresh one.
  pool.on('error', (error) => {
    if (options.onPoolError) options.onPoolError(error);
    else process.stderr.write(`kindly: idle Postgres connection failed: ${error.message}\n`);
  });
  // The pool listens for errors only on idle clients. A checked-out client whose server goes away
  // (57P01 on a restart, a dropped socket) fails its query *and* emits 'error', which with no
  // listener would crash the process. The query's failure already reaches its caller, and pg-pool
  // discards a client that is no longer queryable when it comes back, so this listener only has
  // to exist.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: postgresDialect, pool };
}
