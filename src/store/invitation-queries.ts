/** Invitations: insert, read, list (keyset), and the compare-and-set state move. */
import { type Kysely, sql, type UpdateObject } from 'kysely';
import type { DeliveryState, Invitation, InvitationState, InviterState } from '../core/model.js';
import { type InvitationQuery, UniqueViolation } from '../core/ports.js';
import { uniquely } from './db-errors.js';
import { invitationToRow, rowToInvitation } from './mappers.js';
import type { Database } from './schema.js';

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

/** One inviter's invitations to one key. */
function fromInviterTo(db: Db, inviterId: string, recipientKey: string) {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('inviter_id', '=', inviterId)
    .where('recipient_key', '=', recipientKey);
}

export async function findPendingInvitation(
  db: Db,
  inviterId: string,
  recipientKey: string,
): Promise<Invitation | undefined> {
  const row = await fromInviterTo(db, inviterId, recipientKey)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return row && rowToInvitation(row);
}

/** The inviter's invitation to the key that the inviter sees open at `now` (`core/inviter-view.ts`). */
export async function findOpenInvitation(
  db: Db,
  inviterId: string,
  recipientKey: string,
  now: string,
): Promise<Invitation | undefined> {
  const row = await fromInviterTo(db, inviterId, recipientKey)
    .where('inviter_state', '=', 'pending')
    .where('inviter_expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row && rowToInvitation(row);
}

/** Newest first by (created_at, id), strictly after the cursor. */
export async function listInvitations(db: Db, query: InvitationQuery): Promise<Invitation[]> {
  let q = db.selectFrom('invitations').selectAll();
  if (query.inviterId !== undefined) q = q.where('inviter_id', '=', query.inviterId);
  if (query.state !== undefined) q = q.where('state', '=', query.state);
  const told = query.inviterView;
  if (told?.status === 'pending' || told?.status === 'expired') {
    q = q
      .where('inviter_state', '=', 'pending')
      .where('inviter_expires_at', told.status === 'pending' ? '>' : '<=', told.now);
  } else if (told !== undefined) {
    q = q.where('inviter_state', '=', told.status);
  }
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

/**
 * Invitations to `recipientKey` (optionally from one inviter) that are still pending, or that their
 * inviter still sees open at `now`: what a new suppression closes, or tells the inviter about.
 */
export async function listOpenInvitationsTo(
  db: Db,
  recipientKey: string,
  now: string,
  inviterId?: string,
): Promise<Invitation[]> {
  let q = db
    .selectFrom('invitations')
    .selectAll()
    .where('recipient_key', '=', recipientKey)
    .where((eb) =>
      eb.or([
        eb('state', '=', 'pending'),
        eb.and([eb('inviter_state', '=', 'pending'), eb('inviter_expires_at', '>', now)]),
      ]),
    );
  if (inviterId !== undefined) q = q.where('inviter_id', '=', inviterId);
  const rows = await q.orderBy('created_at').orderBy('id').execute();
  return rows.map(rowToInvitation);
}

/**
 * One `UPDATE … WHERE id = ? AND state = ?`: true when this call made the move. `inviterState`, when
 * given, is what the move tells the inviter (at `at`); without it the inviter's view stays as it was.
 * `settled_at` becomes `at`, or the promised expiry when the inviter still sees the invitation open.
 */
export async function moveInvitation(
  db: Db,
  id: string,
  from: InvitationState,
  to: InvitationState,
  at: string,
  changes?: { delivery?: DeliveryState; recipientMemberId?: string; inviterState?: InviterState },
): Promise<boolean> {
  const set: UpdateObject<Database, 'invitations'> = { state: to };
  if (to !== 'pending') {
    set.closed_at = at;
    set.settled_at =
      changes?.inviterState !== undefined
        ? at
        : sql<string>`case when inviter_state = 'pending' and inviter_expires_at > ${at}
            then inviter_expires_at else ${at} end`;
  }
  if (changes?.delivery !== undefined) set.delivery = changes.delivery;
  if (changes?.recipientMemberId !== undefined) set.recipient_member_id = changes.recipientMemberId;
  if (changes?.inviterState !== undefined) {
    set.inviter_state = changes.inviterState;
    set.inviter_closed_at = at;
  }
  const result = await db
    .updateTable('invitations')
    .set(set)
    .where('id', '=', id)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * The inviter withdraws: a compare-and-set on the inviter's view (open at `at`), which also closes the
 * invitation in truth when it is still pending there. True when this call withdrew it.
 */
export async function withdrawInvitation(db: Db, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({
      inviter_state: 'withdrawn',
      inviter_closed_at: at,
      settled_at: at,
      state: sql<string>`case when state = 'pending' then 'withdrawn' else state end`,
      closed_at: sql<string | null>`case when state = 'pending' then ${at} else closed_at end`,
    })
    .where('id', '=', id)
    .where('inviter_state', '=', 'pending')
    .where('inviter_expires_at', '>', at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Tells the inviter of an invitation closed in truth already (a block reaching one that a suppression
 * closed): compare-and-set on its view being `pending`. True when this call changed it.
 */
export async function tellInviter(db: Db, id: string, told: InviterState, at: string): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({
      inviter_state: told,
      inviter_closed_at: at,
      settled_at: sql<string | null>`case when state = 'pending' then null else ${at} end`,
    })
    .where('id', '=', id)
    .where('inviter_state', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function setInvitationDelivery(db: Db, id: string, delivery: DeliveryState): Promise<void> {
  await db.updateTable('invitations').set({ delivery }).where('id', '=', id).execute();
}
