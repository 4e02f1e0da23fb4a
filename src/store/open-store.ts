/** Opens the store a database URL names: `postgres://` / `postgresql://` → Postgres, anything else → SQLite. */
import type { Kysely } from 'kysely';
import type { Store } from '../core/ports.js';
import { createKyselyStore } from './kysely-store.js';
import { migrateToLatest } from './migrations/index.js';
import { openPostgres, type PostgresOptions } from './postgres/open-postgres.js';
import type { Database } from './schema.js';
import { openSqlite } from './sqlite/open-sqlite.js';
import type { StoreDialect } from './store-dialect.js';

export interface OpenStoreOptions {
  /** Run pending migrations before returning; default true. */
  migrate?: boolean;
  /** Postgres only: where idle-connection errors go. */
  onPoolError?: PostgresOptions['onPoolError'];
  /** Told each time a transaction is run again after the database ended it as a conflict. */
  onConflict?: (error: unknown, attempt: number) => void;
}

export function isPostgresUrl(databaseUrl: string): boolean {
  return /^postgres(ql)?:\/\//i.test(databaseUrl.trim());
}

export async function openStore(
  databaseUrl: string,
  options: OpenStoreOptions = {},
): Promise<{ store: Store; db: Kysely<Database>; dialect: StoreDialect }> {
  const { db, dialect } = isPostgresUrl(databaseUrl)
    ? openPostgres(databaseUrl, options.onPoolError ? { onPoolError: options.onPoolError } : {})
    : openSqlite(databaseUrl);
  if (options.migrate ?? true) {
    try {
      await migrateToLatest(db);
    } catch (error) {
      await db.destroy();
      throw error;
    }
  }
  return { store: createKyselyStore(db, dialect, { onConflict: options.onConflict }), db, dialect };
}
