/**
 * Contacts, their imports, "people you may know" and the member settings that govern them.
 *
 * - `members` gains `discoverable` (members who have my address may find me, default on),
 *   `invite_policy` (`anyone`, `mutual`, `nobody`) and `deleted_at` (a member who left keeps an
 *   anonymous row, so the invitations and connections that named them stay consistent).
 * - `contacts`: one member's private address book; `contact_addresses` holds each address in clear
 *   beside its suppression key, one key per book (so an address already there merges), with
 *   `member_id` repeated so that rule is one unique index.
 * - `contact_imports`: an import job's counters, readable while it runs.
 * - `suggestion_dismissals`: "not interested", for good.
 * - `invitations` gains the contact's origin (`manual`, `csv`, `vcard`) and when it was added or
 *   imported, for the sentence that tells the recipient where their address came from.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('members')
    .addColumn('discoverable', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('members')
    .addColumn('invite_policy', 'text', (c) => c.notNull().defaultTo('anyone'))
    .execute();
  await db.schema.alterTable('members').addColumn('deleted_at', 'text').execute();

  await db.schema.alterTable('invitations').addColumn('contact_origin', 'text').execute();
  await db.schema.alterTable('invitations').addColumn('contact_added_at', 'text').execute();

  await db.schema
    .createTable('contact_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('format', 'text')
    .addColumn('layout', 'text')
    .addColumn('read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('added', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('merged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('invalid_count', 'integer', (c) => c.notNull().defaultTo(0))
    /** JSON text: the first invalid addresses, `[{line, code}]`. */
    .addColumn('invalid', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addCheckConstraint('contact_imports_state', sql`state in ('running', 'done', 'failed')`)
    .execute();
  await db.schema
    .createIndex('contact_imports_member')
    .on('contact_imports')
    .columns(['member_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('name', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.references('contact_imports.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('contacts_source', sql`source in ('manual', 'csv', 'vcard')`)
    .execute();
  // The book's pages, newest first.
  await db.schema
    .createIndex('contacts_member_created')
    .on('contacts')
    .columns(['member_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('contact_addresses')
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_addresses_pk', ['contact_id', 'key'])
    .execute();
  // One key per book: an address already there merges. Also how suggestions read a member's own book.
  await db.schema
    .createIndex('contact_addresses_member_key')
    .on('contact_addresses')
    .columns(['member_id', 'key'])
    .unique()
    .execute();
  // A leaving member's address, taken out of every book that holds it.
  await db.schema.createIndex('contact_addresses_key').on('contact_addresses').column('key').execute();

  await db.schema
    .createTable('suggestion_dismissals')
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('other_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('suggestion_dismissals_pk', ['member_id', 'other_id'])
    .execute();

  // Suggestions walk connections from both ends; `connections_pk` leads with member_a, the initial
  // migration indexes member_b alone: these cover the walk without touching the table.
  await db.schema
    .createIndex('connections_b_a')
    .on('connections')
    .columns(['member_b', 'member_a'])
    .execute();
  // Pending invitations either way between two members, by member id and by address key.
  await db.schema
    .createIndex('invitations_recipient_member_state')
    .on('invitations')
    .columns(['recipient_member_id', 'state'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('invitations_recipient_member_state').ifExists().execute();
  await db.schema.dropIndex('connections_b_a').ifExists().execute();
  for (const table of ['suggestion_dismissals', 'contact_addresses', 'contacts', 'contact_imports']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  for (const column of ['contact_added_at', 'contact_origin']) {
    await db.schema.alterTable('invitations').dropColumn(column).execute();
  }
  for (const column of ['deleted_at', 'invite_policy', 'discoverable']) {
    await db.schema.alterTable('members').dropColumn(column).execute();
  }
}
