/**
 * The inviter's view, stored beside the truth (`core/inviter-view.ts`):
 *
 * - `inviter_state`, `inviter_closed_at`: what the inviter was told, and when;
 * - `inviter_expires_at`: the expiry the inviter was promised (`expires_at` may move for a digest);
 * - `settled_at`: when the invitation closed both in truth and in that view; redaction counts from
 *   here, so an invitation closed at once for a suppressed address keeps its address as long as its
 *   inviter sees it open. Its index replaces `invitations_redaction_due` (on `closed_at`).
 *
 * Existing rows: answers and withdrawals were told as they are; an `undeliverable` one reads as
 * `pending` (then `expired`), since its cause was not kept beside it, except a block, whose audit
 * event names it, which reads `declined`.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('invitations')
    .addColumn('inviter_state', 'text', (c) => c.notNull().defaultTo('pending'))
    .execute();
  await db.schema.alterTable('invitations').addColumn('inviter_closed_at', 'text').execute();
  await db.schema
    .alterTable('invitations')
    .addColumn('inviter_expires_at', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.alterTable('invitations').addColumn('settled_at', 'text').execute();

  await db
    .updateTable('invitations')
    .set({ inviter_expires_at: sql.ref('expires_at') })
    .execute();
  await db
    .updateTable('invitations')
    .set({ inviter_state: sql.ref('state'), inviter_closed_at: sql.ref('closed_at') })
    .where('state', 'in', ['accepted', 'declined', 'withdrawn'])
    .execute();
  await db
    .updateTable('invitations')
    .set({ inviter_state: 'declined', inviter_closed_at: sql.ref('closed_at') })
    .where('state', '=', 'undeliverable')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('events')
          .select('events.id')
          .where('events.subject_type', '=', 'invitation')
          .whereRef('events.subject_id', '=', 'invitations.id')
          .where('events.action', '=', 'invitation.undeliverable')
          .where('events.data', 'like', '%"cause":"decline-block"%'),
      ),
    )
    .execute();
  await db
    .updateTable('invitations')
    .set({
      settled_at: sql`case when inviter_state = 'pending' and inviter_expires_at > closed_at
        then inviter_expires_at else closed_at end`,
    })
    .where('state', '<>', 'pending')
    .execute();

  await db.schema.dropIndex('invitations_redaction_due').ifExists().execute();
  await db.schema
    .createIndex('invitations_settled')
    .on('invitations')
    .column('settled_at')
    .where(sql.ref('recipient_email'), 'is not', null)
    .execute();
  // The inviter's open invitations: the pending limit and "withdraw all".
  await db.schema
    .createIndex('invitations_inviter_told')
    .on('invitations')
    .columns(['inviter_id', 'inviter_state', 'inviter_expires_at'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('invitations_inviter_told').ifExists().execute();
  await db.schema.dropIndex('invitations_settled').ifExists().execute();
  for (const column of ['settled_at', 'inviter_expires_at', 'inviter_closed_at', 'inviter_state']) {
    await db.schema.alterTable('invitations').dropColumn(column).execute();
  }
  await db.schema
    .createIndex('invitations_redaction_due')
    .on('invitations')
    .column('closed_at')
    .where(sql.ref('recipient_email'), 'is not', null)
    .execute();
}
