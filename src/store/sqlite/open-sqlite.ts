/** SQLite (better-sqlite3, WAL): the embedded default for one machine. */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';
import type { StoreDialect } from '../store-dialect.js';
import { ImmediateSqliteDialect } from './immediate-transactions.js';

/** The file a SQLite URL names: `sqlite:./data/kindly.db`, `sqlite:///abs.db`, `file:…`, a bare path, or `:memory:`. */
export function sqlitePath(databaseUrl: string): string {
  let path = databaseUrl.trim();
  for (const prefix of ['sqlite://', 'sqlite:', 'file://', 'file:']) {
    if (path.startsWith(prefix)) {
      path = path.slice(prefix.length);
      break;
    }
  }
  const query = path.indexOf('?');
  if (query >= 0) path = path.slice(0, query);
  if (path === '') throw new Error(`No SQLite file in database URL ${JSON.stringify(databaseUrl)}`);
  return path;
}

export const sqliteDialect: StoreDialect = {
  name: 'sqlite',
  // One writer at a time: the claim statement alone is atomic.
  lockForClaim: false,
  // Reserve the one connection so nothing else commits while synchronous is FULL: this commit, and
  // only this one, is fsync'd before it resolves.
  durable: (db, work) =>
    db.connection().execute(async (conn) => {
      await sql`PRAGMA synchronous = FULL`.execute(conn);
      try {
        return await conn.transaction().execute(work);
      } finally {
        await sql`PRAGMA synchronous = NORMAL`.execute(conn);
      }
    }),
};

export function openSqlite(databaseUrl: string): { db: Kysely<Database>; dialect: StoreDialect } {
  const path = sqlitePath(databaseUrl);
  const memory = path === ':memory:';
  if (!memory) mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new SqliteDatabase(memory ? ':memory:' : path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
  return { db, dialect: sqliteDialect };
}
