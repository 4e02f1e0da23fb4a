/**
 * `retry_since`: when a message's current run of transient failures began. A retry's maximum age is
 * counted from there, not from `created_at`, because reminders and digests are queued days before
 * they are due and would otherwise be too old to retry the moment they first fail.
 */
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('retry_since', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').dropColumn('retry_since').execute();
}
