/**
 * Removing one closed invitation's clear address from every place Kindly copied it. The address is
 * matched without regard to case (relays echo it in their own spelling), both as written and as it
 * appears inside JSON.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

export function scrubber(email: string, marker: string): (text: string | null) => string | null {
  const spellings = [...new Set([email, JSON.stringify(email).slice(1, -1)])];
  const pattern = new RegExp(spellings.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  return (text) => (text === null ? null : text.replace(pattern, marker));
}

/** The dev mailbox keeps whole rendered messages; a message's copy goes entirely (its Message-ID is `<id>@…`). */
export async function deleteDevMailOf(db: Db, messageId: string): Promise<void> {
  await db
    .deleteFrom('dev_mail')
    .where(sql<string>`substr(message_id, 1, ${messageId.length + 1})`, '=', `${messageId}@`)
    .execute();
}

export async function redactAddress(
  db: Db,
  target: { id: string; recipientKey: string; email: string },
  marker: string,
): Promise<void> {
  const scrub = scrubber(target.email, marker);

  const invitation = await db
    .selectFrom('invitations')
    .select('note')
    .where('id', '=', target.id)
    .executeTakeFirst();
  await db
    .updateTable('invitations')
    .set({ recipient_email: null, note: scrub(invitation?.note ?? null) })
    .where('id', '=', target.id)
    .execute();

  // The invitation's own messages, and the finished mail to the address that belonged to no single
  // invitation (digests that may have carried this one, do-not-contact confirmations). Queued
  // address-level mail still needs its address and is left to its own invitations' redaction.
  const messages = await db
    .selectFrom('messages')
    .select(['id', 'last_error'])
    .where((eb) =>
      eb.or([
        eb('invitation_id', '=', target.id),
        eb.and([
          eb('to_key', '=', target.recipientKey),
          eb('invitation_id', 'is', null),
          eb('state', '<>', 'queued'),
        ]),
      ]),
    )
    .execute();
  for (const message of messages) {
    await db
      .updateTable('messages')
      .set({ to_email: null, last_error: scrub(message.last_error) })
      .where('id', '=', message.id)
      .execute();
    // The dev mailbox keeps whole rendered messages, addressed to the recipient: they go entirely.
    await deleteDevMailOf(db, message.id);
  }

  const ids = messages.map((message) => message.id);
  const events = await db
    .selectFrom('events')
    .select(['id', 'data'])
    .where('data', 'is not', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('subject_type', '=', 'invitation'), eb('subject_id', '=', target.id)]),
        ...(ids.length > 0
          ? [eb.and([eb('subject_type', '=', 'message'), eb('subject_id', 'in', ids)])]
          : []),
      ]),
    )
    .execute();
  for (const event of events) {
    const clean = scrub(event.data);
    if (clean !== event.data)
      await db.updateTable('events').set({ data: clean }).where('id', '=', event.id).execute();
  }
}

/**
 * Finished mail that belongs to no invitation (do-not-contact confirmations) and was created at or
 * before `createdBy`: its clear address goes, with the dev-mailbox copy. Returns how many messages.
 */
export async function redactFinishedAddressMail(
  db: Db,
  createdBy: string,
  marker: string,
  limit: number,
): Promise<number> {
  const due = await db
    .selectFrom('messages')
    .select(['id', 'to_email', 'last_error'])
    .where('invitation_id', 'is', null)
    .where('to_email', 'is not', null)
    .where('state', '<>', 'queued')
    .where('created_at', '<=', createdBy)
    .limit(limit)
    .execute();
  for (const message of due) {
    const scrub = scrubber(message.to_email ?? '', marker);
    await db
      .updateTable('messages')
      .set({ to_email: null, last_error: scrub(message.last_error) })
      .where('id', '=', message.id)
      .where('to_email', 'is not', null)
      .execute();
    await deleteDevMailOf(db, message.id);
  }
  return due.length;
}
