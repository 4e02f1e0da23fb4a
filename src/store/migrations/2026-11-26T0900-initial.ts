/**
 * The first schema. Written against `Kysely<any>` so it never changes when the schema types do.
 * Times are ISO-8601 text, booleans integer 0/1, JSON text: identical on SQLite and Postgres.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('allow_reply_to', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('members_email_key_unique')
    .on('members')
    .column('email_key')
    .unique()
    .execute();
  await db.schema
    .createIndex('members_external_id_unique')
    .on('members')
    .column('external_id')
    .unique()
    .execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inviter_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('recipient_email', 'text')
    .addColumn('recipient_key', 'text', (c) => c.notNull())
    .addColumn('recipient_member_id', 'text', (c) => c.references('members.id'))
    .addColumn('note', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('delivery', 'text', (c) => c.notNull())
    .addColumn('reminders_planned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reminders_sent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_reminder_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  // One open invitation per inviter and recipient: makes the idempotent invite race-safe.
  await db.schema
    .createIndex('invitations_pending_unique')
    .on('invitations')
    .columns(['inviter_id', 'recipient_key'])
    .unique()
    .where(sql.ref('state'), '=', 'pending')
    .execute();
  await db.schema
    .createIndex('invitations_inviter_created')
    .on('invitations')
    .columns(['inviter_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('invitations_created')
    .on('invitations')
    .columns(['created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('invitations_recipient_state')
    .on('invitations')
    .columns(['recipient_key', 'state'])
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('invitation_id', 'text', (c) => c.references('invitations.id'))
    .addColumn('inviter_id', 'text', (c) => c.references('members.id'))
    .addColumn('to_email', 'text')
    .addColumn('to_key', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('messages_state_due').on('messages').columns(['state', 'due_at']).execute();
  await db.schema.createIndex('messages_invitation').on('messages').column('invitation_id').execute();
  await db.schema
    .createIndex('messages_to_created')
    .on('messages')
    .columns(['to_key', 'created_at'])
    .execute();

  await db.schema
    .createTable('suppressions')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('suppressions_pk', ['key', 'scope'])
    .execute();

  await db.schema
    .createTable('tokens')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('invitation_id', 'text', (c) => c.references('invitations.id'))
    .addColumn('address_key', 'text')
    .addColumn('message_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('connections')
    .addColumn('member_a', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('member_b', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('invitation_id', 'text', (c) => c.references('invitations.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('connections_pk', ['member_a', 'member_b'])
    .execute();
  await db.schema.createIndex('connections_member_b').on('connections').column('member_b').execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('data', 'text')
    .execute();
  await db.schema
    .createIndex('events_subject')
    .on('events')
    .columns(['subject_type', 'subject_id', 'at'])
    .execute();

  await db.schema
    .createTable('dev_mail')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text')
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dev_mail_created').on('dev_mail').columns(['created_at', 'id']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types.
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'dev_mail',
    'events',
    'connections',
    'tokens',
    'suppressions',
    'messages',
    'invitations',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await db.schema.dropTable('members').ifExists().execute();
}
