/**
 * The hand-off: the final consent check and the "send begins" mark in one statement. Being one
 * statement is the point: a suppression (or a cancellation) committed before it runs is always
 * seen, so no message reaches an address whose opt-out was on disk before its send began, and the
 * `lease_until = ?` compare-and-set fences out a worker whose lease already went to another.
 */
import { type Kysely, sql } from 'kysely';
import type { HandoffResult } from '../core/ports.js';
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
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('suppressions')
            .select('suppressions.key')
            .whereRef('suppressions.key', '=', 'messages.to_key')
            .where((eb) =>
              eb.or([
                eb('suppressions.scope', '=', 'global'),
                // 'inviter:' || NULL is NULL, so messages without an inviter match only global ones.
                eb('suppressions.scope', '=', sql<string>`'inviter:' || ${sql.ref('messages.inviter_id')}`),
              ]),
            ),
        ),
      ),
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
