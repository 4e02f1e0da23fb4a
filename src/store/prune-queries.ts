/**
 * Deleting bookkeeping that no rule can read any more: cap slots older than the recipient window,
 * soft bounces older than their counting window, and gate rows nobody has locked for a while. Each
 * call deletes at most `limit` rows, so a backlog is cleared in short transactions.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { SoftBouncesTable } from './soft-bounce-queries.js';

type Db = Kysely<Database>;

export async function pruneCapSlots(db: Db, atOrBefore: string, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('cap_slots')
    .where('at', '<=', atOrBefore)
    .where('message_id', 'in', (eb) =>
      eb.selectFrom('cap_slots').select('message_id').where('at', '<=', atOrBefore).limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function pruneSoftBounces(db: Db, before: string, limit: number): Promise<number> {
  const withSoftBounces = db.withTables<{ soft_bounces: SoftBouncesTable }>();
  const result = await withSoftBounces
    .deleteFrom('soft_bounces')
    .where('at', '<', before)
    .where('id', 'in', (eb) =>
      eb.selectFrom('soft_bounces').select('id').where('at', '<', before).limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * A gate row is only a lock; deleting one is safe even while someone wants it (their upsert then
 * inserts it afresh). The outer `touched_at` test is re-read on Postgres after waiting for a holder,
 * so a gate touched meanwhile stays.
 */
export async function pruneGates(db: Db, touchedBefore: string, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('gates')
    .where('touched_at', '<', touchedBefore)
    .where('name', 'in', (eb) =>
      eb.selectFrom('gates').select('name').where('touched_at', '<', touchedBefore).limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
