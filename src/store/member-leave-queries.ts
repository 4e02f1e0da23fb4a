/** Member settings, and what leaving removes: connections, dismissals, the member's data, their address. */
import type { Kysely } from 'kysely';
import type { InvitePolicy } from '../core/model.js';
import { deleteDevMailOf, scrubber } from './redaction-queries.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

export async function updateMemberSettings(
  db: Db,
  memberId: string,
  settings: { allowReplyTo?: boolean; discoverable?: boolean; invitePolicy?: InvitePolicy },
): Promise<void> {
  const changes = {
    ...(settings.allowReplyTo === undefined ? {} : { allow_reply_to: settings.allowReplyTo ? 1 : 0 }),
    ...(settings.discoverable === undefined ? {} : { discoverable: settings.discoverable ? 1 : 0 }),
    ...(settings.invitePolicy === undefined ? {} : { invite_policy: settings.invitePolicy }),
  };
  if (Object.keys(changes).length === 0) return;
  await db
    .updateTable('members')
    .set(changes)
    .where('id', '=', memberId)
    .where('deleted_at', 'is', null)
    .execute();
}

export async function retireMember(db: Db, memberId: string, at: string): Promise<void> {
  await db
    .deleteFrom('connections')
    .where((eb) => eb.or([eb('member_a', '=', memberId), eb('member_b', '=', memberId)]))
    .execute();
  await db
    .deleteFrom('suggestion_dismissals')
    .where((eb) => eb.or([eb('member_id', '=', memberId), eb('other_id', '=', memberId)]))
    .execute();
  // The row stays, so invitations and audit events that name the id stay consistent; nothing in it
  // says who they were. The key can never equal an HMAC (hex), so the address is free to join again.
  await db
    .updateTable('members')
    .set({
      email: '',
      email_key: `deleted:${memberId}`,
      name: '',
      external_id: null,
      allow_reply_to: 0,
      discoverable: 0,
      invite_policy: 'nobody',
      deleted_at: at,
    })
    .where('id', '=', memberId)
    .execute();
}

export async function listInvitationsOfMember(
  db: Db,
  memberId: string,
  memberKey: string,
): Promise<Array<{ id: string; recipientKey: string; email: string | null; state: string }>> {
  const rows = await db
    .selectFrom('invitations')
    .select(['id', 'recipient_key', 'recipient_email', 'state'])
    .where((eb) =>
      eb.or([
        eb('inviter_id', '=', memberId),
        eb('recipient_key', '=', memberKey),
        eb('recipient_member_id', '=', memberId),
      ]),
    )
    .execute();
  return rows.map((r) => ({
    id: r.id,
    recipientKey: r.recipient_key,
    email: r.recipient_email,
    state: r.state,
  }));
}

export async function redactMemberMail(
  db: Db,
  memberId: string,
  memberKey: string,
  email: string,
  marker: string,
): Promise<void> {
  const messages = await db
    .selectFrom('messages')
    .select(['id', 'last_error'])
    .where((eb) => eb.or([eb('to_key', '=', memberKey), eb('inviter_id', '=', memberId)]))
    .execute();
  const scrub = scrubber(email, marker);
  for (const message of messages) {
    await db
      .updateTable('messages')
      .set({ last_error: scrub(message.last_error) })
      .where('id', '=', message.id)
      .execute();
    // Whole rendered messages: to the member, or from them with their address in Reply-To.
    await deleteDevMailOf(db, message.id);
  }
  await db
    .updateTable('messages')
    .set({ state: 'cancelled', lease_until: null })
    .where('to_key', '=', memberKey)
    .where('state', '=', 'queued')
    .execute();
  await db.updateTable('messages').set({ to_email: null }).where('to_key', '=', memberKey).execute();
}
