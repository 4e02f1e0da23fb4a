/**
 * The consent rules: the per-recipient cap, digests, inviter limits and throttle, the scheduler's
 * indexes and redaction. Everything here holds keys and ids only, never a clear address.
 *
 * - `gates`: one row per subject whose rule checks must run one at a time (`recipient:<key>`,
 *   `inviter:<id>`); writing the row is the lock, on SQLite and Postgres alike.
 * - `cap_slots`: each invitation-kind message let through to an address, and when; it counts against
 *   the cap while its message is queued or sent.
 * - `digest_items`: which invitations a digest carried.
 * - `invitation_outcomes`: when an invitation reached its recipient and whether they then complained
 *   or asked never to be e-mailed again, for the inviter throttle.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('gates')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('touched_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('cap_slots')
    .addColumn('message_id', 'text', (c) => c.primaryKey().references('messages.id'))
    .addColumn('recipient_key', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cap_slots_key_at').on('cap_slots').columns(['recipient_key', 'at']).execute();

  await db.schema
    .createTable('digest_items')
    .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id'))
    .addColumn('invitation_id', 'text', (c) => c.notNull().references('invitations.id'))
    .addPrimaryKeyConstraint('digest_items_pk', ['message_id', 'invitation_id'])
    .execute();
  await db.schema.createIndex('digest_items_invitation').on('digest_items').column('invitation_id').execute();

  await db.schema
    .createTable('invitation_outcomes')
    .addColumn('invitation_id', 'text', (c) => c.primaryKey().references('invitations.id'))
    .addColumn('inviter_id', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addColumn('feedback', 'text')
    .addColumn('feedback_at', 'text')
    .execute();
  await db.schema
    .createIndex('invitation_outcomes_inviter_delivered')
    .on('invitation_outcomes')
    .columns(['inviter_id', 'delivered_at'])
    .execute();

  // At most one digest waits per address: later deferred invitations join it.
  await db.schema
    .createIndex('messages_one_queued_digest')
    .on('messages')
    .column('to_key')
    .unique()
    .where(sql.ref('kind'), '=', 'digest')
    .where(sql.ref('state'), '=', 'queued')
    .execute();
  // The scheduler's two sweeps: pending invitations by expiry, closed ones still holding an address.
  await db.schema
    .createIndex('invitations_state_expires')
    .on('invitations')
    .columns(['state', 'expires_at'])
    .execute();
  await db.schema
    .createIndex('invitations_redaction_due')
    .on('invitations')
    .column('closed_at')
    .where(sql.ref('recipient_email'), 'is not', null)
    .execute();
  // Inviter limits and cooldowns read an inviter's invitations to one key.
  await db.schema
    .createIndex('invitations_inviter_recipient')
    .on('invitations')
    .columns(['inviter_id', 'recipient_key', 'state'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types.
export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    'invitations_inviter_recipient',
    'invitations_redaction_due',
    'invitations_state_expires',
    'messages_one_queued_digest',
  ]) {
    await db.schema.dropIndex(index).ifExists().execute();
  }
  for (const table of ['invitation_outcomes', 'digest_items', 'cap_slots', 'gates']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
