/**
 * The hand-off: the final consent check and the "send begins" mark in one statement. Being one
 * statement is the point: a suppression (or a cancellation) committed before it runs is always
 * seen, so no message reaches an address whose opt-out was on disk before its send began, and the
 * `lease_until = ?` compare-and-set fences out a worker whose lease already went to another.
 * Every kind is stopped by a covering suppression except the resume link its recipient asked for.
 */
import { type Kysely, sql } from 'kysely';
import type { HandoffResult } from '../core/ports.js';
import { suppressionExemptKind } from '../core/resume-link.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

export async function handOffMessage(
  db: Db,
  id: string,
  leaseUntil: string,
  handoffAt: string,
  newLeaseUntil: string,
): Promise<HandoffResult> {
  const result = await db
    .updateTable('messages')
    .set({ handoff_at: handoffAt, lease_until: newLeaseUntil })
    .where('id', '=', id)
    .where('state', '=', 'queued')
    .where('lease_until', '=', leaseUntil)
    .where((eb) =>
      eb.or([
        // The one exception: the link a mailbox's owner asked for to lift their own suppression. Only
        // that kind, and only when it belongs to no invitation and no inviter (core/resume-link.ts).
        eb.and([
          eb('kind', '=', suppressionExemptKind),
          eb('invitation_id', 'is', null),
          eb('inviter_id', 'is', null),
        ]),
        eb.not(
          eb.exists(
            eb
              .selectFrom('suppressions')
              .select('suppressions.key')
              .whereRef('suppressions.key', '=', 'messages.to_key')
              .where((inner) =>
                inner.or([
                  inner('suppressions.scope', '=', 'global'),
                  // 'inviter:' || NULL is NULL, so messages without an inviter match only global ones.
                  inner(
                    'suppressions.scope',
                    '=',
                    sql<string>`'inviter:' || ${sql.ref('messages.inviter_id')}`,
                  ),
                ]),
              ),
          ),
        ),
      ]),
    )
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) > 0) return 'ready';
  // Why not: read back. Whatever changed since is at least as final as what stopped the update.
  const row = await db
    .selectFrom('messages')
    .select(['state', 'lease_until'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (row?.state !== 'queued') return 'cancelled';
  if (row.lease_until !== leaseUntil) return 'lost';
  return 'suppressed';
}
