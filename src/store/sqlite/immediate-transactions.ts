/**
 * SQLite transactions that take the write lock when they begin (`BEGIN IMMEDIATE`).
 *
 * Kysely begins with a plain (deferred) `BEGIN`. With two processes on one file (`serve
 * --no-worker` beside `worker`), a deferred transaction that reads and then writes fails at once
 * with SQLITE_BUSY (or BUSY_SNAPSHOT) whenever the other process wrote in between: busy_timeout
 * does not apply to a read lock that cannot be upgraded. Taking the write lock first makes every
 * transaction wait its turn under busy_timeout instead: SQLite's single writer, queued.
 */
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}
