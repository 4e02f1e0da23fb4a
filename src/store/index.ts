export { isUniqueViolation } from './db-errors.js';
export { createKyselyStore } from './kysely-store.js';
export { migrateToLatest, migrationNames, migrationProvider, pendingMigrations } from './migrations/index.js';
export { isPostgresUrl, type OpenStoreOptions, openStore } from './open-store.js';
export { openPostgres, type PostgresOptions, postgresDialect } from './postgres/open-postgres.js';
export type { Database } from './schema.js';
export { openSqlite, sqliteDialect, sqlitePath } from './sqlite/open-sqlite.js';
export type { StoreDialect } from './store-dialect.js';
