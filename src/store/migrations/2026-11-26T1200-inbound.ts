/**
 * Inbound mail: soft bounces are counted per address (by suppression key, never the clear address) so
 * that the third within seven days suppresses. One row per bounced message, so a remote MTA's repeated
 * "still delayed" reports about one message count once.
 */
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('soft_bounces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('soft_bounces_key_at').on('soft_bounces').columns(['key', 'at']).execute();
  // NULLs are distinct in unique indexes on both SQLite and Postgres: bounces with no known message
  // each count.
  await db.schema
    .createIndex('soft_bounces_key_message')
    .on('soft_bounces')
    .columns(['key', 'message_id'])
    .unique()
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('soft_bounces').ifExists().execute();
}
