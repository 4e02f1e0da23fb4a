/**
 * The export reads the suppression list in (created_at, key, scope) order, a page at a time after a
 * cursor. Without an index in that order every page sorts the whole list, and an export of a few
 * hundred thousand rows takes quadratic time.
 */
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('suppressions_export_order')
    .on('suppressions')
    .columns(['created_at', 'key', 'scope'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('suppressions_export_order').ifExists().execute();
}
