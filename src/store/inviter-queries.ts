/** What the inviter limits, cooldowns and throttle read, and the outcomes the throttle counts. */
import { type Kysely, sql } from 'kysely';
import type { DeliveredOutcome, PendingSummary, RecipientFeedback } from '../core/rules-store.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

export async function listInvitationTimes(db: Db, inviterId: string, since: string): Promise<string[]> {
  const rows = await db
    .selectFrom('invitations')
    .select('created_at')
    .where('inviter_id', '=', inviterId)
    .where('created_at', '>', since)
    .orderBy('created_at')
    .execute();
  return rows.map((row) => row.created_at);
}

/** The inviter's invitations open in their view at `now`, and the earliest promised expiry among them. */
export async function openSummary(db: Db, inviterId: string, now: string): Promise<PendingSummary> {
  const row = await db
    .selectFrom('invitations')
    .select((eb) => [eb.fn.countAll().as('count'), eb.fn.min('inviter_expires_at').as('earliest')])
    .where('inviter_id', '=', inviterId)
    .where('inviter_state', '=', 'pending')
    .where('inviter_expires_at', '>', now)
    .executeTakeFirst();
  return { count: Number(row?.count ?? 0), earliestExpiry: (row?.earliest as string | null) ?? null };
}

/** When the inviter was last told `state` about an invitation to the key (the inviter's view). */
export async function lastToldAt(
  db: Db,
  inviterId: string,
  recipientKey: string,
  state: 'withdrawn' | 'declined',
): Promise<string | undefined> {
  const row = await db
    .selectFrom('invitations')
    .select((eb) => eb.fn.max('inviter_closed_at').as('closed'))
    .where('inviter_id', '=', inviterId)
    .where('recipient_key', '=', recipientKey)
    .where('inviter_state', '=', state)
    .executeTakeFirst();
  return (row?.closed as string | null) ?? undefined;
}

/** The first delivery is the one that counts; a later digest or retry does not move it. */
export async function markDelivered(
  db: Db,
  invitationId: string,
  inviterId: string,
  at: string,
): Promise<void> {
  await db
    .insertInto('invitation_outcomes')
    .values({
      invitation_id: invitationId,
      inviter_id: inviterId,
      delivered_at: at,
      feedback: null,
      feedback_at: null,
    })
    .onConflict((oc) =>
      oc.column('invitation_id').doUpdateSet({
        delivered_at: sql<string>`coalesce(invitation_outcomes.delivered_at, excluded.delivered_at)`,
      }),
    )
    .execute();
}

export async function noteFeedback(
  db: Db,
  invitationId: string,
  inviterId: string,
  feedback: RecipientFeedback,
  at: string,
): Promise<void> {
  const existing = await db
    .selectFrom('invitation_outcomes')
    .select(['feedback', 'feedback_at'])
    .where('invitation_id', '=', invitationId)
    .executeTakeFirst();
  if (existing?.feedback === 'complaint' || existing?.feedback === feedback) return;
  await db
    .insertInto('invitation_outcomes')
    .values({
      invitation_id: invitationId,
      inviter_id: inviterId,
      delivered_at: null,
      feedback,
      feedback_at: at,
    })
    .onConflict((oc) => oc.column('invitation_id').doUpdateSet({ feedback, feedback_at: at }))
    .execute();
}

export async function listDeliveredOutcomes(
  db: Db,
  inviterId: string,
  limit: number,
): Promise<DeliveredOutcome[]> {
  const rows = await db
    .selectFrom('invitation_outcomes')
    .selectAll()
    .where('inviter_id', '=', inviterId)
    .where('delivered_at', 'is not', null)
    .orderBy('delivered_at', 'desc')
    .orderBy('invitation_id', 'desc')
    .limit(Math.max(0, Math.floor(limit)))
    .execute();
  return rows.map((row) => ({
    invitationId: row.invitation_id,
    deliveredAt: row.delivered_at ?? '',
    feedback: (row.feedback as RecipientFeedback | null) ?? null,
    feedbackAt: row.feedback_at,
  }));
}

/** The inviter's invitations open in their view at `now`, optionally only these ids or those created by a time. */
export async function listOpenIdsOf(
  db: Db,
  inviterId: string,
  now: string,
  filter: { ids?: readonly string[]; createdBefore?: string },
): Promise<string[]> {
  if (filter.ids !== undefined && filter.ids.length === 0) return [];
  let q = db
    .selectFrom('invitations')
    .select('id')
    .where('inviter_id', '=', inviterId)
    .where('inviter_state', '=', 'pending')
    .where('inviter_expires_at', '>', now);
  if (filter.ids !== undefined) q = q.where('id', 'in', [...filter.ids]);
  if (filter.createdBefore !== undefined) q = q.where('created_at', '<=', filter.createdBefore);
  const rows = await q.orderBy('created_at').orderBy('id').execute();
  return rows.map((row) => row.id);
}
