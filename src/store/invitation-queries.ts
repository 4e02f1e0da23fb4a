/** Invitations: insert, read, list (keyset), and the compare-and-set state move. */
import { type Kysely, sql } from 'kysely';
import type { DeliveryState, Invitation, InvitationState } from '../core/model.js';
import { type InvitationQuery, UniqueViolation } from '../core/ports.js';
import { uniquely } from './db-errors.js';
import { invitationToRow, rowToInvitation } from './mappers.js';
import type { Database, InvitationsTable } from './schema.js';

type Db = Kysely<Database>;

/**
 * Inserts the invitation. When the same inviter already has a pending invitation to the same key
 * (the partial unique index), raises `UniqueViolation` without aborting a surrounding
 * transaction, so the caller can read the winner with `findPendingInvitation`.
 */
export async function insertInvitation(db: Db, invitation: Invitation): Promise<void> {
  const result = await uniquely('invitation', () =>
    db
      .insertInto('invitations')
      .values(invitationToRow(invitation))
      .onConflict((oc) =>
        oc
          .columns(['inviter_id', 'recipient_key'])
          .where(sql.ref('state'), '=', sql.lit('pending'))
          .doNothing(),
      )
      .executeTakeFirst(),
  );
  if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0) {
    throw new UniqueViolation('this inviter already has a pending invitation to this address');
  }
}

export async function getInvitation(db: Db, id: string): Promise<Invitation | undefined> {
  const row = await db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToInvitation(row);
}

export async function findPendingInvitation(
  db: Db,
  inviterId: string,
  recipientKey: string,
): Promise<Invitation | undefined> {
  const row = await db
    .selectFrom('invitations')
    .selectAll()
    .where('inviter_id', '=', inviterId)
    .where('recipient_key', '=', recipientKey)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return row && rowToInvitation(row);
}

/** Newest first by (created_at, id), strictly after the cursor. */
export async function listInvitations(db: Db, query: InvitationQuery): Promise<Invitation[]> {
  let q = db.selectFrom('invitations').selectAll();
  if (query.inviterId !== undefined) q = q.where('inviter_id', '=', query.inviterId);
  if (query.state !== undefined) q = q.where('state', '=', query.state);
  const after = query.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', after.createdAt),
        eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(Math.max(0, Math.floor(query.limit)))
    .execute();
  return rows.map(rowToInvitation);
}

export async function listPendingInvitationsTo(
  db: Db,
  recipientKey: string,
  inviterId?: string,
): Promise<Invitation[]> {
  let q = db
    .selectFrom('invitations')
    .selectAll()
    .where('recipient_key', '=', recipientKey)
    .where('state', '=', 'pending');
  if (inviterId !== undefined) q = q.where('inviter_id', '=', inviterId);
  const rows = await q.orderBy('created_at').orderBy('id').execute();
  return rows.map(rowToInvitation);
}

/** One `UPDATE … WHERE id = ? AND state = ?`: true when this call made the move. */
export async function moveInvitation(
  db: Db,
  id: string,
  from: InvitationState,
  to: InvitationState,
  at: string,
  changes?: { delivery?: DeliveryState; recipientMemberId?: string },
): Promise<boolean> {
  const set: Partial<InvitationsTable> = { state: to };
  if (to !== 'pending') set.closed_at = at;
  if (changes?.delivery !== undefined) set.delivery = changes.delivery;
  if (changes?.recipientMemberId !== undefined) set.recipient_member_id = changes.recipientMemberId;
  const result = await db
    .updateTable('invitations')
    .set(set)
    .where('id', '=', id)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function setInvitationDelivery(db: Db, id: string, delivery: DeliveryState): Promise<void> {
  await db.updateTable('invitations').set({ delivery }).where('id', '=', id).execute();
}
