import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/** The few things SQLite and Postgres do differently; everything else in the store is shared. */
export interface StoreDialect {
  name: 'sqlite' | 'postgres';
  /** Whether claiming outbox rows adds `FOR UPDATE SKIP LOCKED` (many writers at once). */
  lockForClaim: boolean;
  /** Runs `work` in one transaction whose commit is on disk before this resolves. */
  durable<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
}
