/** The per-recipient cap and digests: gates, slots, waiting mail, deferred invitations. */
import type { Kysely } from 'kysely';
import type { Invitation, Message } from '../core/model.js';
import type { CapSlot } from '../core/rules-store.js';
import { rowToInvitation, rowToMessage } from './mappers.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** An upsert takes the row's write lock until the transaction ends (SQLite: the database's). */
export async function lockGate(db: Db, name: string, at: string): Promise<void> {
  await db
    .insertInto('gates')
    .values({ name, touched_at: at })
    .onConflict((oc) => oc.column('name').doUpdateSet({ touched_at: at }))
    .execute();
}

/** A slot counts while its message may still reach (or has reached) the recipient. */
export async function listCapSlots(db: Db, recipientKey: string, since: string): Promise<CapSlot[]> {
  const rows = await db
    .selectFrom('cap_slots')
    .innerJoin('messages', 'messages.id', 'cap_slots.message_id')
    .select(['cap_slots.message_id as messageId', 'cap_slots.at as at'])
    .where('cap_slots.recipient_key', '=', recipientKey)
    .where('cap_slots.at', '>', since)
    .where('messages.state', 'in', ['queued', 'sent'])
    .orderBy('cap_slots.at', 'desc')
    .orderBy('cap_slots.message_id', 'desc')
    .execute();
  return rows;
}

export async function saveCapSlot(
  db: Db,
  messageId: string,
  recipientKey: string,
  at: string,
): Promise<void> {
  await db
    .insertInto('cap_slots')
    .values({ message_id: messageId, recipient_key: recipientKey, at })
    .onConflict((oc) => oc.column('message_id').doUpdateSet({ at, recipient_key: recipientKey }))
    .execute();
}

export async function countWaitingInvitationMail(db: Db, recipientKey: string): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('to_key', '=', recipientKey)
    .where('kind', '=', 'invitation')
    .where('state', '=', 'queued')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('cap_slots')
            .select('cap_slots.message_id')
            .whereRef('cap_slots.message_id', '=', 'messages.id'),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

export async function findQueuedDigest(db: Db, recipientKey: string): Promise<Message | undefined> {
  const row = await db
    .selectFrom('messages')
    .selectAll()
    .where('to_key', '=', recipientKey)
    .where('kind', '=', 'digest')
    .where('state', '=', 'queued')
    .executeTakeFirst();
  return row && rowToMessage(row);
}

export async function listDeferredInvitationsTo(db: Db, recipientKey: string): Promise<Invitation[]> {
  const rows = await db
    .selectFrom('invitations')
    .selectAll()
    .where('recipient_key', '=', recipientKey)
    .where('state', '=', 'pending')
    .where('delivery', '=', 'deferred')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(rowToInvitation);
}

export async function addDigestItems(
  db: Db,
  messageId: string,
  invitationIds: readonly string[],
): Promise<void> {
  if (invitationIds.length === 0) return;
  await db
    .insertInto('digest_items')
    .values(invitationIds.map((invitationId) => ({ message_id: messageId, invitation_id: invitationId })))
    .onConflict((oc) => oc.columns(['message_id', 'invitation_id']).doNothing())
    .execute();
}

export async function listDigestItems(db: Db, messageId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('digest_items')
    .select('invitation_id')
    .where('message_id', '=', messageId)
    .orderBy('invitation_id')
    .execute();
  return rows.map((row) => row.invitation_id);
}

export async function setReminderProgress(
  db: Db,
  invitationId: string,
  sent: number,
  nextAt: string | null,
): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ reminders_sent: sent, next_reminder_at: nextAt })
    .where('id', '=', invitationId)
    .execute();
}

export async function setInvitationExpiry(db: Db, invitationId: string, expiresAt: string): Promise<void> {
  await db.updateTable('invitations').set({ expires_at: expiresAt }).where('id', '=', invitationId).execute();
}
