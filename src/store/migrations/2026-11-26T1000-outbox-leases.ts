/**
 * Outbox leases for many workers. `handoff_at` records when a worker last passed the final consent
 * check and handed the message to SMTP: the moment its "send began". A message leased with a
 * hand-off but never marked sent may have reached the peer before its worker died.
 *
 * The partial index serves the claim query, which only ever looks at queued rows in due order; the
 * old (state, due_at) index stays for the other readers.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('handoff_at', 'text').execute();
  await db.schema
    .createIndex('messages_claimable')
    .on('messages')
    .columns(['due_at', 'id'])
    .where(sql.ref('state'), '=', 'queued')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('messages_claimable').ifExists().execute();
  await db.schema.alterTable('messages').dropColumn('handoff_at').execute();
}
